package dev.backstop.commit;

import dev.backstop.core.ComponentEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A component on its way to the targets: its file name, the spool file that holds its bytes
 * (still growing while the source dumps), and, once the dump is done and checked, its manifest
 * entry. Uploads start from {@link #open} before the dump ends and trust nothing until
 * {@link #awaitEntry} names the size and hash the bytes must have.
 */
public interface ComponentFile {

    /** The file name in the set, e.g. {@code appdb.sql.gz}. */
    String file();

    /** The spool file; complete once {@link #awaitEntry} returned. */
    Path spool();

    /** Reads the spool file from its start, waiting for bytes while the dump still writes. */
    InputStream open() throws IOException;

    /** Compressed bytes in the spool file so far; for choosing what to upload first. */
    long bytesSoFar();

    /** True once the dump ended, successfully or not. */
    boolean ended();

    /**
     * Completes once the spool file holds at least {@code bytes} bytes ({@link #bytesSoFar}) or the
     * dump ended ({@link #ended}), successfully or not: for a caller that waits for either instead
     * of asking again and again. Any thread.
     */
    CompletableFuture<?> whenAtLeast(long bytes);

    /**
     * Waits for the dump to end.
     *
     * @return the entry: the size and SHA-256 the uploaded bytes must have
     * @throws IOException the dump failed or was stopped; these bytes must not be stored
     */
    ComponentEntry awaitEntry() throws IOException, InterruptedException;

    /** A component whose dump has ended: {@code spool} is complete and {@code entry} describes it. */
    static ComponentFile complete(ComponentEntry entry, Path spool) {
        return new ComponentFile() {
            @Override
            public String file() {
                return entry.file();
            }

            @Override
            public Path spool() {
                return spool;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(spool);
            }

            @Override
            public long bytesSoFar() {
                return entry.bytes();
            }

            @Override
            public boolean ended() {
                return true;
            }

            @Override
            public CompletableFuture<?> whenAtLeast(long bytes) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public ComponentEntry awaitEntry() {
                return entry;
            }
        };
    }
}
