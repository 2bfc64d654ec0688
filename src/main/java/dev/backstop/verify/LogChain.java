package dev.backstop.verify;

import dev.backstop.commit.LogSegmentStore;
import dev.backstop.core.LogSegment;
import dev.backstop.core.PreflightException;
import dev.backstop.core.Sha256;
import dev.backstop.encryption.AgeIdentity;
import dev.backstop.logarchive.SegmentGaps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The archived log segments of one source on one target that a replay after a dump reads: every
 * segment of the dump's log file (from byte 0, since the replay tool reads the file's header
 * first) and of every later file, up to the first gap. The files are rebuilt locally, each
 * segment's stored bytes checked against its {@code .sha256} before they are used.
 *
 * @param segments the segments before the first gap, in log order
 * @param gap      the first gap, in the words of a finding, or null when the segments join to the
 *                 newest one archived
 */
record LogChain(List<LogSegment> segments, String gap) {

    LogChain {
        segments = List.copyOf(segments);
    }

    /** The chain of {@code store} from the start of {@code startFile}; judged from the names alone. */
    static LogChain plan(LogSegmentStore store, String startFile) throws IOException {
        List<String> files = store.logFiles().stream().filter(f -> f.compareTo(startFile) >= 0).toList();
        if (files.isEmpty() || !files.get(0).equals(startFile)) {
            return new LogChain(List.of(), startFile + ": no segment of it is archived");
        }
        List<LogSegment> chain = new ArrayList<>();
        String previous = null;
        for (String file : files) {
            if (previous != null) {
                List<String> missing = SegmentGaps.missingFiles(List.of(previous, file));
                if (!missing.isEmpty()) {
                    return new LogChain(chain, missing.get(0) + ": the whole file is missing between " + previous
                            + " and " + file);
                }
            }
            List<LogSegment> segments = store.committed(file);
            if (segments.isEmpty()) {
                return new LogChain(chain, file + ": no committed segment");
            }
            List<SegmentGaps.Gap> gaps = SegmentGaps.find(segments);
            if (!gaps.isEmpty()) {
                SegmentGaps.Gap gap = gaps.get(0);
                long joined = Math.min(gap.start(), gap.end());
                segments.stream().filter(s -> s.end() <= joined).forEach(chain::add);
                return new LogChain(chain, gap.toString());
            }
            chain.addAll(segments);
            previous = file;
        }
        return new LogChain(chain, null);
    }

    /** The log files the segments belong to, in order. */
    List<String> logFiles() {
        return segments.stream().map(LogSegment::logFile).distinct().toList();
    }

    long bytes() {
        return segments.stream().mapToLong(LogSegment::length).sum();
    }

    /**
     * Writes each log file, its segments decompressed and concatenated, into {@code dir} under its
     * own name.
     *
     * @param key decrypts sealed segments; loaded at the first of them
     * @return the rebuilt files in log order
     * @throws Corrupt a segment's stored bytes do not match its {@code .sha256}, or a sealed one
     *                 does not decrypt with the identity; nothing is usable
     * @throws PreflightException a segment is sealed and the identity cannot be loaded
     */
    List<Path> rebuild(LogSegmentStore store, Path dir, DecryptionKey key) throws IOException, PreflightException {
        Map<String, Path> rebuilt = new LinkedHashMap<>();
        Path download = dir.resolve(".segment");
        AgeIdentity identity = null;
        for (LogSegment segment : segments) {
            if (segment.sealed() && identity == null) {
                identity = key.load();
            }
            Path file = rebuilt.computeIfAbsent(segment.logFile(), dir::resolve);
            HashedStream.Result r;
            try (InputStream in = store.open(segment); OutputStream out = Files.newOutputStream(download)) {
                r = HashedStream.copy(in, out, done -> { });
            }
            String recorded = store.recordedSha256(segment);
            if (!Sha256.matches(recorded, r.sha256())) {
                throw new Corrupt(segment + ": read " + r.bytes() + " bytes with SHA-256 " + r.sha256()
                        + ", its .sha256 records " + recorded + ": the segment is corrupt; copy it from another target");
            }
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                long n = unpack(segment, download, segment.sealed() ? identity : null, out);
                if (n != segment.length()) {
                    throw new Corrupt(segment + ": decompresses to " + n + " bytes, its name says " + segment.length());
                }
            }
        }
        Files.deleteIfExists(download);
        return List.copyOf(rebuilt.values());
    }

    /**
     * Writes the log bytes of a downloaded segment whose hash matched (gzip, sealed with age when
     * {@code identity} is given) to {@code out}. A failure to read them is the segment's, one to
     * write is the local disk's.
     */
    private static long unpack(LogSegment segment, Path download, AgeIdentity identity, OutputStream out)
            throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        try (InputStream stored = Files.newInputStream(download); InputStream in = plain(segment, stored, identity)) {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    throw unreadable(segment, identity, e);
                }
                if (n < 0) {
                    return total;
                }
                out.write(buffer, 0, n);
                total += n;
            }
        }
    }

    private static InputStream plain(LogSegment segment, InputStream stored, AgeIdentity identity) throws Corrupt {
        try {
            return new GZIPInputStream(identity == null ? stored : identity.decrypt(stored), 1 << 16);
        } catch (IOException e) {
            throw unreadable(segment, identity, e);
        }
    }

    private static Corrupt unreadable(LogSegment segment, AgeIdentity identity, IOException e) {
        return new Corrupt(segment + ": its stored bytes match its .sha256 but do not "
                + (identity != null ? "decrypt with the configured identity_file (is it the identity of one of the"
                + " recipients it was encrypted to?) or do not " : "") + "decompress: " + e.getMessage());
    }

    /** Lines for a report: per log file, how many segments and which bytes. */
    List<String> describe() {
        Map<String, List<LogSegment>> byFile = new LinkedHashMap<>();
        segments.forEach(s -> byFile.computeIfAbsent(s.logFile(), f -> new ArrayList<>()).add(s));
        List<String> lines = new ArrayList<>();
        byFile.forEach((file, list) -> lines.add(file + ": " + list.size() + " segment(s), " + list.get(0).fileName()
                + (list.size() > 1 ? " to " + list.get(list.size() - 1).fileName() : "")));
        return lines;
    }

    /** A segment whose bytes are not those archived. */
    static final class Corrupt extends IOException {
        Corrupt(String message) {
            super(message);
        }
    }
}
