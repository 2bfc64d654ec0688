package dev.backstop.commit;

import dev.backstop.core.LogSegment;
import dev.backstop.core.Sha256;
import dev.backstop.target.FileInfo;
import dev.backstop.target.Mismatch;
import dev.backstop.target.StoredFileCheck;
import dev.backstop.target.Target;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Archived log segments of one source on one target (README, "Continuous binary-log archiving"):
 * <pre>
 * &lt;host&gt;/logs/&lt;source&gt;/&lt;log file&gt;/&lt;start&gt;-&lt;end&gt;.gz(.sha256)   committed segments
 * &lt;host&gt;/logs/.partial/&lt;source&gt;/&lt;log file&gt;/...                 in flight; never swept by a run
 * </pre>
 * A segment is committed like a set: written into the partial place, verified there (size and
 * SHA-256 by the target's own hash or a read-back), renamed into place, the {@code .sha256} last,
 * whose presence marks a committed segment, then confirmed. A segment without it is garbage.
 *
 * <p>With encryption at rest, a target stores sealed segments ({@code <start>-<end>.gz.age}, the
 * {@code .sha256} over the sealed bytes, so that verify needs no key); a replay decrypts them
 * after checking that hash.
 */
public final class LogSegmentStore {

    /** The directory below a host that holds every source's segments. */
    public static final String LOGS = "logs";

    private final Target target;
    private final String host;
    private final String sourceDir;
    private final String partialDir;
    private final boolean sealed;

    /** The store of a target that keeps its segments in the clear. */
    public LogSegmentStore(Target target, String host, String source) {
        this(target, host, source, false);
    }

    /** {@code sealed}: the target stores new segments sealed (its {@code encrypt:}). */
    public LogSegmentStore(Target target, String host, String source, boolean sealed) {
        if (source.isEmpty() || source.contains("/") || source.startsWith(".")) {
            throw new IllegalArgumentException("not a usable source name for a log directory: '" + source + "'");
        }
        this.target = target;
        this.host = host;
        String logs = BackupSetLayout.hostDir(host) + "/" + LOGS;
        this.sourceDir = logs + "/" + source;
        this.partialDir = logs + "/" + BackupSetLayout.PARTIAL + "/" + source;
        this.sealed = sealed;
    }

    public Target target() {
        return target;
    }

    /** Whether this target stores new segments sealed. */
    public boolean sealed() {
        return sealed;
    }

    /** The host namespace the segments are filed under. */
    public String host() {
        return host;
    }

    /** {@code <host>/logs/<source>/<log file>/<start>-<end>.gz}. */
    public String path(LogSegment segment) {
        return sourceDir + "/" + segment.logFile() + "/" + segment.fileName();
    }

    /**
     * Commits one segment from the compressed local file {@code gz}. Idempotent: a segment committed
     * already with the same bytes is left as it is.
     *
     * @throws Mismatch    a stored copy differs from the local file, or a committed segment of this
     *                     name holds other bytes; nothing committed is changed
     * @throws IOException the target failed; the partial copy may remain and is replaced next time
     */
    public void commit(LogSegment segment, Path gz, String sha256) throws IOException, Mismatch {
        long bytes = Files.size(gz);
        byte[] sums = (sha256 + "  " + segment.fileName() + "\n").getBytes(StandardCharsets.UTF_8);
        String finalDir = sourceDir + "/" + segment.logFile();
        String finalGz = finalDir + "/" + segment.fileName();
        String finalSums = finalDir + "/" + segment.sumsFileName();
        if (target.stat(finalSums).isPresent()) {
            StoredFileCheck.verify(target, finalGz, segment.toString(), bytes, sha256);
            return;
        }
        String partial = partialDir + "/" + segment.logFile();
        String partialGz = partial + "/" + segment.fileName();
        String partialSums = partial + "/" + segment.sumsFileName();
        target.makeDirectories(partial);
        try (InputStream in = Files.newInputStream(gz)) {
            target.write(partialGz, in);
        }
        StoredFileCheck.verify(target, partialGz, segment.toString(), bytes, sha256);
        target.write(partialSums, new ByteArrayInputStream(sums));
        StoredFileCheck.verify(target, partialSums, segment.sumsFileName(), sums.length, Sha256.of(sums));
        target.syncDirectory(partial);
        target.makeDirectories(finalDir);
        target.delete(finalGz); // a kill between the two renames left it without its .sha256: not committed
        target.rename(partialGz, finalGz);
        target.rename(partialSums, finalSums); // last: its presence marks the segment committed
        target.syncDirectory(finalDir);
        target.syncDirectory(partial);
        for (String path : List.of(finalGz, finalSums)) {
            Optional<FileInfo> info = target.stat(path);
            long expected = path.equals(finalGz) ? bytes : sums.length;
            if (info.isEmpty() || info.get().size() != expected) {
                throw new Mismatch(segment + ": expected " + expected + " bytes at " + path + " after the rename, found "
                        + info.map(i -> i.size() + " bytes").orElse("nothing"));
            }
        }
    }

    /** The sources that have a directory of segments on {@code target} for {@code host}, in name order. */
    public static List<String> sources(Target target, String host) throws IOException {
        List<String> sources = new ArrayList<>();
        for (FileInfo info : target.list(BackupSetLayout.hostDir(host) + "/" + LOGS)) {
            if (info.directory() && !info.name().startsWith(".")) {
                sources.add(info.name());
            }
        }
        sources.sort(null);
        return sources;
    }

    /**
     * Removes every segment of one log file, for retention: each {@code .sha256} first, newest
     * segment first, then the directory. Cut short, what is left is still committed segments
     * from byte 0 on, which join; the rest is garbage without its {@code .sha256}. Idempotent.
     */
    public void removeLogFile(String logFile) throws IOException {
        String dir = sourceDir + "/" + logFile;
        List<LogSegment> segments = new ArrayList<>(committed(logFile));
        java.util.Collections.reverse(segments);
        for (LogSegment s : segments) {
            target.delete(dir + "/" + s.sumsFileName());
        }
        target.delete(dir);
    }

    /** The log files that have a directory of segments, in name order. */
    public List<String> logFiles() throws IOException {
        List<String> files = new ArrayList<>();
        for (FileInfo info : target.list(sourceDir)) {
            if (info.directory() && !info.name().startsWith(".")) {
                files.add(info.name());
            }
        }
        files.sort(null);
        return files;
    }

    /** The committed segments of one log file (those with their {@code .sha256}), in offset order. */
    public List<LogSegment> committed(String logFile) throws IOException {
        List<FileInfo> entries = target.list(sourceDir + "/" + logFile);
        Set<String> names = new HashSet<>();
        entries.forEach(e -> names.add(e.name()));
        List<LogSegment> segments = new ArrayList<>();
        for (FileInfo e : entries) {
            LogSegment.parse(logFile, e.name()).filter(s -> names.contains(s.sumsFileName())).ifPresent(segments::add);
        }
        segments.sort(null);
        return segments;
    }

    /** Every committed segment of the source, in log file and offset order. */
    public List<LogSegment> committed() throws IOException {
        List<LogSegment> all = new ArrayList<>();
        for (String file : logFiles()) {
            all.addAll(committed(file));
        }
        return all;
    }

    /** Opens a committed segment's stored bytes (sealed ones as they are); the caller closes the stream. */
    public InputStream open(LogSegment segment) throws IOException {
        return target.read(path(segment));
    }

    /** The SHA-256 its {@code .sha256} file records for a committed segment. */
    public String recordedSha256(LogSegment segment) throws IOException {
        try (InputStream in = target.read(path(segment) + ".sha256")) {
            String line = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
            int space = line.indexOf(' ');
            return space > 0 ? line.substring(0, space) : line.trim();
        }
    }
}
