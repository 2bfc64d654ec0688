package dev.backstop.logarchive;

import dev.backstop.commit.BackupSets;
import dev.backstop.commit.LogSegmentStore;
import dev.backstop.core.BackstopException;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.core.LogSegment;
import dev.backstop.core.SourceFacts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Looks at what the targets hold for one source: the gaps among its archived segments, and the
 * recovery window's start (the oldest dump whose chain of segments is complete on a target,
 * {@link RecoveryWindow}). Reads names and manifests, no segment's data. A target that cannot be
 * read is left out with a warning: the scan tells what it could see.
 */
public final class ChainScan {

    /**
     * What a scan saw.
     *
     * @param gaps       each gap or missing file, naming its target
     * @param windowDump the oldest dump of any target whose chain is complete, or null
     */
    record Result(List<String> gaps, RecoveryWindow.Dump windowDump) {
    }

    private ChainScan() {
    }

    static Result scan(String source, List<LogSegmentStore> stores, EventLog log) {
        List<String> gaps = new ArrayList<>();
        RecoveryWindow.Dump oldest = null;
        for (LogSegmentStore store : stores) {
            String target = store.target().name();
            try {
                List<LogSegment> segments = store.committed();
                for (String missing : SegmentGaps.missingFiles(store.logFiles())) {
                    gaps.add("target " + target + ": " + missing + ": the whole file is missing");
                }
                for (SegmentGaps.Gap gap : SegmentGaps.find(segments)) {
                    gaps.add("target " + target + ": " + gap);
                }
                Optional<RecoveryWindow.Dump> covered = RecoveryWindow.oldestCovered(dumps(store, source), segments);
                if (covered.isPresent() && (oldest == null || covered.get().time().isBefore(oldest.time()))) {
                    oldest = covered.get();
                }
            } catch (IOException | BackstopException e) {
                log.warn("source " + source + ": cannot look at the archived logs and dumps on target " + target
                        + " (looked at again later): " + e.getMessage());
            }
        }
        return new Result(gaps, oldest);
    }

    private static List<RecoveryWindow.Dump> dumps(LogSegmentStore store, String source) throws BackstopException {
        return dumps(BackupSets.list(store.target(), store.host()), source);
    }

    /**
     * The recovery window's start on one target: the oldest of the dumps in {@code sets} whose
     * chain of segments in {@code store} joins up to the newest; empty when none has one.
     */
    public static Optional<RecoveryWindow.Dump> windowStart(LogSegmentStore store, List<BackupSets.BackupSet> sets,
                                                            String source) throws IOException {
        return RecoveryWindow.oldestCovered(dumps(sets, source), store.committed());
    }

    private static List<RecoveryWindow.Dump> dumps(List<BackupSets.BackupSet> sets, String source) {
        List<RecoveryWindow.Dump> dumps = new ArrayList<>();
        for (BackupSets.BackupSet set : sets) {
            if (!set.complete()) {
                continue;
            }
            for (ComponentEntry c : set.manifest().components()) {
                SourceFacts.BinlogPosition at = c.facts() == null ? null : c.facts().binlog();
                if (c.name().equals(source) && at != null) {
                    dumps.add(new RecoveryWindow.Dump(set.id().toString(), set.id().time(),
                            new LogPosition(at.file(), at.position())));
                }
            }
        }
        return dumps;
    }
}
