package dev.backstop.run;

import dev.backstop.codec.Compression;
import dev.backstop.core.Json;
import dev.backstop.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The snapshot states of incremental sources in the state directory, one pair of files per host
 * and source under {@code incremental/<host>/}: {@code <source>.snapshot}, what the source wrote,
 * and {@code <source>.chain.json}, the {@link ChainState} it belongs to. Advanced only after a set
 * is committed on every target it went to, the chain file last: a run killed in between leaves a
 * chain file whose hash does not match the snapshot, and the next run makes a full.
 */
final class SnapshotStates {

    private final Path dir;

    SnapshotStates(Path stateDir, String host) {
        this.dir = stateDir.resolve("incremental").resolve(host);
    }

    Path snapshot(String source) {
        return dir.resolve(source + ".snapshot");
    }

    Path chainFile(String source) {
        return dir.resolve(source + ".chain.json");
    }

    /**
     * The state of {@code source}, checked against its snapshot file.
     *
     * @return the state; null when there is none (a first run, or a lost state directory)
     * @throws IOException naming the file and why it cannot be used: the run makes a full
     */
    ChainState read(String source) throws IOException {
        return read(source, null);
    }

    /**
     * {@link #read(String)}, with the snapshot's SHA-256 taken from {@code sha256Ahead} when it is
     * given and its read succeeded ({@link dev.backstop.source.IncrementalSource#readAhead}).
     */
    ChainState read(String source, Future<String> sha256Ahead) throws IOException {
        Path chain = chainFile(source);
        ChainState state;
        try (InputStream in = Files.newInputStream(chain)) {
            state = Json.mapper().readValue(in, ChainState.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new IOException(chain + " cannot be read: " + e.getMessage(), e);
        }
        String sha256 = sha256Ahead == null ? null : readAhead(sha256Ahead);
        if (sha256 == null) {
            try (InputStream in = Files.newInputStream(snapshot(source))) {
                sha256 = Sha256.of(in);
            } catch (NoSuchFileException e) {
                throw new IOException(snapshot(source) + " is missing", e);
            }
        }
        if (!sha256.equals(state.snapshotSha256())) {
            throw new IOException(snapshot(source) + " is not the snapshot " + chain + " was written for");
        }
        return state;
    }

    /** The hash read ahead; null when that read failed, so that the file is hashed here and any error told as usual. */
    private static String readAhead(Future<String> sha256) throws IOException {
        try {
            return sha256.get();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while the snapshot state was read");
        }
    }

    /**
     * Makes {@code snapshot} (this run's, in the spool) and {@code state} the source's state. The
     * snapshot is kept compressed with zstd: a tenth of the size (the bench's tree: 6.8 MB, 0.7 MB
     * kept), and so a tenth to hash at the start of each run. One kept plain by an earlier version
     * is read as it is.
     *
     * @return the state as written, with the SHA-256 of the snapshot file as kept
     */
    ChainState advance(ChainState state, Path snapshot) throws IOException {
        StateDirectory.privateDir(dir);
        Path target = snapshot(state.source());
        Path tmp = dir.resolve(state.source() + ".snapshot.tmp");
        MessageDigest kept = Sha256.newDigest(); // of the compressed bytes, as they are written
        try (OutputStream out = Compression.ZSTD.compress(new DigestOutputStream(Files.newOutputStream(tmp), kept))) {
            Files.copy(snapshot, out);
        }
        ChainState written = state.withSnapshotSha256(Sha256.hex(kept.digest()));
        move(tmp, target);
        Path chainTmp = dir.resolve(state.source() + ".chain.json.tmp");
        Files.write(chainTmp, Json.mapper().writeValueAsBytes(written));
        move(chainTmp, chainFile(state.source()));
        return written;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
