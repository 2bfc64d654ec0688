package dev.backstop.logarchive;

import dev.backstop.codec.CompressedFileWriter;
import dev.backstop.codec.Compression;
import dev.backstop.commit.LogSegmentStore;
import dev.backstop.core.EventLog;
import dev.backstop.core.LogSegment;
import dev.backstop.core.Sha256;
import dev.backstop.encryption.AgeRecipients;
import dev.backstop.target.Mismatch;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local buffer of segments cut but not yet committed on every target, in
 * {@code <dir>/<log file>/<start>-<end>.gz}: a segment leaves it only once every target holds it,
 * so a target that is down for a while gets every segment when it is back, in order. Bounded:
 * {@link #overflowing()} is an alert, and nothing is ever dropped.
 *
 * <p>With encryption, a segment is sealed once, here, into {@code <start>-<end>.gz.age}, so every
 * encrypted target and every retry stores the same bytes; when some targets store in the clear, the
 * {@code .gz} stays beside it from the same compression, and each target gets its kind.
 */
final class PendingSegments {

    private final Path dir;
    private final List<LogSegmentStore> stores;
    private final AgeRecipients recipients;
    private final long maxBytes;
    private final EventLog log;
    private LogSegment newestCommitted;

    /** {@code recipients}: what the stores that keep sealed segments need; null when none does. */
    PendingSegments(Path dir, List<LogSegmentStore> stores, AgeRecipients recipients, long maxBytes, EventLog log) {
        if (recipients == null && stores.stream().anyMatch(LogSegmentStore::sealed)) {
            throw new IllegalArgumentException("a store keeps sealed segments, but no recipients were given");
        }
        this.dir = dir;
        this.stores = List.copyOf(stores);
        this.recipients = recipients;
        this.maxBytes = maxBytes;
        this.log = log;
    }

    /**
     * Compresses bytes [from, to) of the local file {@code stream} as segment {@code segment} into
     * the buffer (sealed, in the clear, or both, as the stores need), durable before this returns.
     */
    void cut(Path stream, long from, long to, LogSegment segment) throws IOException {
        Path fileDir = Files.createDirectories(dir.resolve(segment.logFile()));
        boolean sealed = stores.stream().anyMatch(LogSegmentStore::sealed);
        boolean clear = !sealed || stores.stream().anyMatch(s -> !s.sealed());
        LogSegment clearSegment = segment.sealed(false);
        LogSegment sealedSegment = segment.sealed(true);
        Path clearTmp = fileDir.resolve(clearSegment.fileName() + ".tmp");
        Path sealedTmp = fileDir.resolve(sealedSegment.fileName() + ".tmp");
        Files.deleteIfExists(clearTmp); // left by a kill
        Files.deleteIfExists(sealedTmp);
        try (FileChannel in = FileChannel.open(stream, StandardOpenOption.READ);
             CompressedFileWriter writer = CompressedFileWriter.createBoth(clear ? clearTmp : null,
                     sealed ? sealedTmp : null, Compression.GZIP,
                     sealed ? recipients::encrypt : CompressedFileWriter.Sealing.NONE)) {
            InputStream bytes = Channels.newInputStream(in.position(from));
            long copied = copy(bytes, writer.stream(), to - from);
            if (copied != to - from) {
                throw new IOException(stream + " ended at byte " + (from + copied) + ", before " + to);
            }
        }
        for (Path tmp : sealed && clear ? List.of(clearTmp, sealedTmp) : List.of(sealed ? sealedTmp : clearTmp)) {
            try (FileChannel sync = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                sync.force(true);
            }
        }
        // the clear one first: a kill between the renames leaves it alone, and commitAll seals its twin
        if (clear) {
            Files.move(clearTmp, fileDir.resolve(clearSegment.fileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        if (sealed) {
            Files.move(sealedTmp, fileDir.resolve(sealedSegment.fileName()), StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Commits every buffered segment, oldest first, to every target, and removes each that all
     * targets hold. A target that fails keeps the segment here for the next call.
     *
     * @return true when the buffer is empty afterwards
     */
    boolean commitAll() throws IOException {
        sealLeftovers();
        List<Path> files = buffered();
        java.util.Set<Path> present = new java.util.HashSet<>(files);
        for (Path file : files) {
            LogSegment segment = segmentOf(file);
            String sha256;
            try (InputStream in = Files.newInputStream(file)) {
                sha256 = Sha256.of(in);
            }
            boolean everywhere = true;
            // each target gets its kind; a sealed one without its clear twin (encryption was on when it
            // was cut) goes to the clear targets too, rather than leave a gap there
            boolean twin = present.contains(file.resolveSibling(segment.sealed(!segment.sealed()).fileName()));
            List<LogSegmentStore> takers = stores.stream()
                    .filter(s -> s.sealed() == segment.sealed() || (segment.sealed() && !twin)).toList();
            for (LogSegmentStore store : takers) {
                try {
                    store.commit(segment, file, sha256);
                } catch (IOException | Mismatch e) {
                    everywhere = false;
                    log.warn("log segment " + segment + " not committed to target " + store.target().name()
                            + " (kept in " + file.getParent() + ", retried): " + e.getMessage());
                }
            }
            if (!everywhere) {
                return false; // in order: a later segment waits for an earlier one
            }
            Files.delete(file);
            newestCommitted = segment;
        }
        return true;
    }

    /**
     * Seals each buffered segment in the clear that lacks its sealed twin while a target wants
     * sealed ones: cut before encryption was set, or left by a kill between the two renames. A
     * clear segment never goes to an encrypted target.
     */
    private void sealLeftovers() throws IOException {
        if (stores.stream().noneMatch(LogSegmentStore::sealed)) {
            return;
        }
        for (Path file : buffered()) {
            LogSegment segment = segmentOf(file);
            Path twin = file.resolveSibling(segment.sealed(true).fileName());
            if (segment.sealed() || Files.exists(twin)) {
                continue;
            }
            Path tmp = twin.resolveSibling(twin.getFileName() + ".tmp");
            try (OutputStream out = recipients.encrypt(Files.newOutputStream(tmp))) {
                Files.copy(file, out);
            }
            try (FileChannel sync = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                sync.force(true);
            }
            Files.move(tmp, twin, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The newest segment that left the buffer, on every target, since this was made; or null. */
    LogSegment newestCommitted() {
        return newestCommitted;
    }

    /**
     * Removes what a cut that was killed half-way left: {@code .tmp} files, never durable segments.
     * Called before streaming starts, while nothing cuts.
     */
    void sweep() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path tmp : files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                log.info("removing " + tmp + ", a segment cut half-way when the archiver was stopped");
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** The newest buffered segment, or null. */
    LogSegment newest() throws IOException {
        List<Path> all = buffered();
        return all.isEmpty() ? null : segmentOf(all.get(all.size() - 1));
    }

    /** Whether the buffer holds more than its bound: the targets fall behind. */
    boolean overflowing() throws IOException {
        long bytes = 0;
        for (Path file : buffered()) {
            bytes += Files.size(file);
        }
        return bytes > maxBytes;
    }

    private List<Path> buffered() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> logFiles = Files.list(dir)) {
            for (Path logFile : logFiles.sorted().toList()) {
                try (Stream<Path> segments = Files.list(logFile)) {
                    segments.filter(p -> LogSegment.parse(logFile.getFileName().toString(),
                            p.getFileName().toString()).isPresent()).sorted().forEach(files::add);
                }
            }
        }
        return files;
    }

    private static LogSegment segmentOf(Path file) {
        return LogSegment.parse(file.getParent().getFileName().toString(), file.getFileName().toString()).orElseThrow();
    }

    private static long copy(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        while (total < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }
}
