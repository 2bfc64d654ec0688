package dev.backstop.verify;

import dev.backstop.commit.BackupSetLayout;
import dev.backstop.commit.LogSegmentStore;
import dev.backstop.core.LogSegment;
import dev.backstop.core.Sha256;
import dev.backstop.logarchive.SegmentGaps;
import dev.backstop.target.FileInfo;
import dev.backstop.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;

/**
 * The archived log segments a target holds for a host, source by source: a range missing between
 * two segments (or repeated by them) is CRITICAL, since a replay cannot cross it; with data read,
 * a segment whose bytes do not match its {@code .sha256} is CRITICAL too. Judged from what the
 * target holds, so a source since removed from the configuration is still checked.
 */
final class SegmentChecks {

    private final Target target;
    private final String host;

    SegmentChecks(Target target, String host) {
        this.target = target;
        this.host = host;
    }

    /**
     * @param read counts the segments and bytes re-hashed into {@code read[0]} and {@code read[1]}
     * @throws IOException the target could not be listed
     */
    List<Finding> check(DataSelection selection, long[] read) throws IOException, InterruptedException {
        List<Finding> findings = new ArrayList<>();
        String logs = BackupSetLayout.hostDir(host) + "/" + LogSegmentStore.LOGS;
        for (FileInfo source : target.list(logs)) {
            if (source.directory() && !source.name().startsWith(".")) {
                checkSource(source.name(), selection, findings, read);
            }
        }
        return findings;
    }

    private void checkSource(String source, DataSelection selection, List<Finding> findings, long[] read)
            throws IOException, InterruptedException {
        LogSegmentStore store = new LogSegmentStore(target, host, source);
        List<LogSegment> segments = store.committed();
        for (String missing : SegmentGaps.missingFiles(store.logFiles())) {
            findings.add(Finding.critical(target.name(), null, where(source, missing), "source " + source + ": "
                    + missing + ": the whole file is missing between the files held; a replay of the binary logs"
                    + " stops there, and only a full dump taken after it covers what follows"));
        }
        for (SegmentGaps.Gap gap : SegmentGaps.find(segments)) {
            findings.add(Finding.critical(target.name(), null, where(source, gap.logFile()), "source " + source
                    + ": " + gap + "; a replay of the binary logs stops there, and only a full dump taken after it"
                    + " covers what follows"));
        }
        for (LogSegment segment : segments) {
            String file = where(source, segment.logFile()) + "/" + segment.fileName();
            if (!selection.selects(LogSegmentStore.LOGS, file)) {
                continue;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted");
            }
            HashedStream.Result r;
            try (InputStream in = store.open(segment)) {
                r = HashedStream.drain(in);
            } catch (InterruptedIOException e) {
                throw new InterruptedException("interrupted while reading " + file);
            } catch (NoSuchFileException e) {
                findings.add(Finding.error(target.name(), null, file, "vanished while being read"));
                continue;
            }
            read[0]++;
            read[1] += r.bytes();
            String recorded = store.recordedSha256(segment);
            if (!Sha256.matches(recorded, r.sha256())) {
                findings.add(Finding.critical(target.name(), null, file, "source " + source + ": read " + r.bytes()
                        + " bytes with SHA-256 " + r.sha256() + ", its .sha256 records " + recorded
                        + ": the segment is corrupt; copy it from another target"));
            }
        }
    }

    private static String where(String source, String logFile) {
        return LogSegmentStore.LOGS + "/" + source + "/" + logFile;
    }
}
