package dev.backstop.verify;

import dev.backstop.commit.LogSegmentStore;
import dev.backstop.core.LogSegment;
import dev.backstop.core.Sha256;
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
     * @return the rebuilt files in log order
     * @throws Corrupt a segment's stored bytes do not match its {@code .sha256}; nothing is usable
     */
    List<Path> rebuild(LogSegmentStore store, Path dir) throws IOException {
        Map<String, Path> rebuilt = new LinkedHashMap<>();
        Path download = dir.resolve(".segment");
        for (LogSegment segment : segments) {
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
            try (InputStream in = plain(Files.newInputStream(download));
                 OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                long n = in.transferTo(out);
                if (n != segment.length()) {
                    throw new Corrupt(segment + ": decompresses to " + n + " bytes, its name says " + segment.length());
                }
            }
        }
        Files.deleteIfExists(download);
        return List.copyOf(rebuilt.values());
    }

    /**
     * The log bytes of a stored segment whose hash matched: gzip. An encrypted segment would be
     * decrypted here, before the gzip, as a dump's component is after its download.
     */
    private static InputStream plain(InputStream stored) throws IOException {
        return new GZIPInputStream(stored, 1 << 16);
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
