package dev.backstop.run;

import dev.backstop.codec.CompressedFileWriter;
import dev.backstop.commit.ComponentFile;
import dev.backstop.core.ComponentEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** One spool file of a component while its source dumps: what uploads follow. */
final class DumpingFile implements ComponentFile {

    private final String file;
    private final CompressedFileWriter.Stored stored;
    private final CompletableFuture<ComponentEntry> entry = new CompletableFuture<>();

    DumpingFile(String file, CompressedFileWriter.Stored stored) {
        this.file = file;
        this.stored = stored;
    }

    /** The dump ended and passed its checks: followers get the file's entry. */
    void complete(ComponentEntry e) {
        entry.complete(e);
    }

    /** The dump failed or was stopped: a follower waiting for the entry gets {@code why}; nothing once completed. */
    void fail(IOException why) {
        entry.completeExceptionally(why);
    }

    @Override
    public String file() {
        return file;
    }

    @Override
    public Path spool() {
        return stored.file();
    }

    @Override
    public InputStream open() throws IOException {
        return stored.follow();
    }

    @Override
    public long bytesSoFar() {
        return stored.bytesSoFar();
    }

    @Override
    public boolean ended() {
        return entry.isDone();
    }

    @Override
    public CompletableFuture<?> whenAtLeast(long bytes) {
        return CompletableFuture.anyOf(stored.whenHolds(bytes), entry);
    }

    @Override
    public ComponentEntry awaitEntry() throws IOException, InterruptedException {
        try {
            return entry.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }
}
