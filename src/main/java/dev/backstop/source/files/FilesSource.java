package dev.backstop.source.files;

import dev.backstop.codec.Decompression;
import dev.backstop.core.Findings;
import dev.backstop.core.Sha256;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.source.IncrementalSource;
import dev.backstop.source.SourceContext;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Archives the configured paths as one tar stream that GNU tar reads and restores in place
 * ({@code tar xzf x.tar.gz -C /}): names are stored like GNU tar stores them, without the
 * leading {@code /}.
 *
 * <p>What is kept: directories (empty ones too), regular files, symlinks as links (never
 * followed, so loops are harmless; a configured path that is itself a symlink is stored as
 * that link, as GNU tar does), permission bits, uid/gid with owner and group names,
 * modification times to the second (as GNU tar's default format). Hard links are stored as separate copies. POSIX (PAX) headers carry
 * names over 100 bytes, non-ASCII names, sizes of 8 GiB and more and large ids. Names and link
 * targets are kept byte for byte, UTF-8 or not, as GNU tar keeps them (see {@link RawNameTarOutput}).
 *
 * <p>What is reported instead of failing: FIFOs, sockets and devices are never opened, only
 * listed in {@link SourceFacts#skipped()}; files that vanish before they are read are
 * skipped too; files that change while read are stored with the size their header announced
 * (cut, or padded with zeros after the last byte read, as a log emptied by copytruncate) and
 * listed in {@link SourceFacts#changed()} with what was stored. Every report also goes to
 * {@link SourceContext#warn()}; a name in a report shows each byte that is not UTF-8 as
 * {@code \xNN}.
 *
 * <p>What fails the source: a configured path that does not exist, a file or directory that
 * cannot be read (permission denied, I/O error).
 *
 * <p>Exclude patterns: see {@link ExcludeRules}.
 *
 * <p>With {@code incremental:}, archives are in GNU tar's listed-incremental format ({@link Increment})
 * and the snapshot state is a {@link Snapshot}.
 */
public final class FilesSource implements IncrementalSource {

    /** Called with each regular file just before it is opened. */
    @FunctionalInterface
    interface BeforeOpen {
        void accept(Path file) throws IOException;
    }

    /** GNU tar's default record size (blocking factor 20); also far fewer writes than 512. */
    private static final int TAR_BLOCK = 20 * 512;

    private final FilesConfig config;
    private final ExcludeRules excludes;
    private final BeforeOpen beforeOpen;
    private volatile StateAhead stateAhead; // set by readAhead, taken by the next dump

    /** @throws IllegalArgumentException naming an exclude pattern that is not a valid glob */
    public FilesSource(FilesConfig config) {
        this(config, file -> { });
    }

    /** For tests: {@code beforeOpen} may delete, grow or shrink a file at exactly that moment. */
    FilesSource(FilesConfig config, BeforeOpen beforeOpen) {
        this.config = config;
        this.excludes = new ExcludeRules(config.exclude());
        this.beforeOpen = beforeOpen;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return config.type();
    }

    @Override
    public String extension() {
        return "tar";
    }

    /** Checks nothing: a missing path is a failure of this source alone, reported by the dump. */
    @Override
    public void preflight() {
    }

    /** The check a dump makes of each configured path before it archives it, for every path at once. */
    void check(Findings findings) {
        for (Path configured : config.paths()) {
            findings.error(() -> existing(configured));
        }
    }

    /** A configured path, absolute; a missing one fails the source. */
    private Path existing(Path configured) throws SourceException {
        Path root = configured.toAbsolutePath().normalize();
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new SourceException("source " + config.name() + ": configured path " + root
                    + " does not exist");
        }
        return root;
    }

    @Override
    public SourceFacts dump(OutputStream out, SourceContext context)
            throws SourceException, IOException, InterruptedException {
        return dump(out, context, null);
    }

    @Override
    public SourceFacts dump(OutputStream out, SourceContext context, Path previousState, Path nextState)
            throws SourceException, IOException, InterruptedException {
        StateAhead ahead = stateAhead;
        stateAhead = null; // taken by this dump, used or not: a full must not keep it in memory, and one made again reads the file
        Snapshot previous = previousState == null ? Snapshot.empty() : previous(ahead, previousState);
        Snapshot current = Snapshot.empty();
        boolean checkDevice = config.incremental() == null || config.incremental().checkDevice();
        SourceFacts facts = dump(out, context, new Increment(previous, current, checkDevice));
        try (OutputStream state = Files.newOutputStream(nextState)) {
            current.write(state);
        }
        return facts;
    }

    @Override
    public Future<String> readAhead(Path previousState) {
        CompletableFuture<Snapshot> snapshot = new CompletableFuture<>();
        CompletableFuture<String> sha256 = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (InputStream in = Files.newInputStream(previousState)) {
                MessageDigest digest = Sha256.newDigest();
                InputStream hashed = new DigestInputStream(in, digest);
                snapshot.complete(Snapshot.read(Decompression.zstdOrPlain(hashed), previousState.toString()));
                hashed.transferTo(OutputStream.nullOutputStream()); // the hash is of the whole file
                sha256.complete(Sha256.hex(digest.digest()));
            } catch (Throwable e) {
                snapshot.completeExceptionally(e);
                sha256.completeExceptionally(e);
            }
        }, "read state " + config.name());
        reader.setDaemon(true);
        stateAhead = new StateAhead(previousState, snapshot);
        reader.start();
        return sha256;
    }

    /** The snapshot state in {@code file}: the one read ahead when it is that file and was read whole. */
    private static Snapshot previous(StateAhead ahead, Path file) throws IOException, InterruptedException {
        if (ahead != null && ahead.file().equals(file)) {
            try {
                return ahead.snapshot().get();
            } catch (ExecutionException e) {
                // read again below, so that the dump fails with the error a read of its own gives
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Snapshot.read(Decompression.zstdOrPlain(in), file.toString());
        }
    }

    /** A snapshot state being read ahead, and the file it is read from. */
    private record StateAhead(Path file, CompletableFuture<Snapshot> snapshot) {
    }

    /** The paths, the excludes and whether device numbers count: a change of any of them starts a new chain. */
    @Override
    public String chainKey() {
        return "paths " + config.paths() + "; exclude " + config.exclude() + "; check_device "
                + (config.incremental() == null || config.incremental().checkDevice());
    }

    /** A plain archive when {@code increment} is null, else one in GNU tar's listed-incremental format. */
    SourceFacts dump(OutputStream out, SourceContext context, Increment increment)
            throws SourceException, IOException, InterruptedException {
        TarArchiveOutputStream tar = new RawNameTarOutput(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the caller owns the stream
            }
        }, TAR_BLOCK);

        TarWalk walk = new TarWalk(config.name(), tar, excludes, beforeOpen, context, increment);
        for (Path configured : config.paths()) {
            walk.visit(existing(configured), Path.of(""));
        }
        tar.finish();
        tar.flush();
        return walk.facts();
    }
}
