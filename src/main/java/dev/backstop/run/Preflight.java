package dev.backstop.run;

import dev.backstop.core.ByteSize;
import dev.backstop.core.EventLog;
import dev.backstop.core.Findings;
import dev.backstop.core.PreflightException;
import dev.backstop.core.TargetException;
import dev.backstop.history.ComponentRecord;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.RunDetail;
import dev.backstop.source.Source;
import dev.backstop.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Step 2 of a run: everything that can be known to fail before a dump starts. A target that
 * fails is left out of the run; no usable target, a missing tool or a full spool stops it.
 */
final class Preflight {

    /** Room asked for when history knows no earlier run. */
    static final long FLOOR_BYTES = 16L << 20;

    private Preflight() {
    }

    /** Good runs looked back on for the size of a source that the newest one did not dump. */
    static final int LOOK_BACK = 100;

    /**
     * The last good run's stored size plus half, and never less than the floor. A source that run
     * did not dump (it recorded only its log position, {@code full_dump_every}) counts with its
     * newest dump among the runs before, since this run may dump it.
     */
    static long expectedBytes(HistoryStore history) {
        List<RunDetail> runs = history.lastGoodRuns(LOOK_BACK);
        long last = runs.isEmpty() ? 0 : runs.get(0).run().bytes();
        Set<String> seen = new HashSet<>();
        if (!runs.isEmpty()) {
            runs.get(0).components().forEach(c -> seen.add(c.name()));
        }
        for (RunDetail r : runs) {
            for (ComponentRecord c : r.components()) {
                if (seen.add(c.name())) {
                    last += c.bytes();
                }
            }
        }
        return Math.max(FLOOR_BYTES, last + last / 2);
    }

    /** Every source's preflight; their messages name the source already. */
    static void checkSources(List<Source> sources) throws PreflightException {
        Findings findings = new Findings();
        for (Source s : sources) {
            findings.error(s::preflight);
        }
        findings.throwErrors(PreflightException::new);
    }

    static void checkSpool(Path spoolDir, long expected) throws PreflightException, IOException {
        long free = Files.getFileStore(spoolDir).getUsableSpace();
        if (free < expected) {
            throw new PreflightException("not enough space on the spool " + spoolDir + ": " + ByteSize.human(free)
                    + " (" + free + " bytes) free, the backup needs about " + ByteSize.human(expected) + " (" + expected
                    + " bytes: the last good backup plus half, at least " + ByteSize.human(FLOOR_BYTES)
                    + "); free space there or move state_dir to a larger disk");
        }
    }

    /** Returns the targets that passed; records the others as skipped. */
    static List<Target> checkTargets(List<Target> targets, long expected, Map<String, TargetOutcome> outcomes,
                                     EventLog log) throws PreflightException {
        List<Target> usable = new ArrayList<>();
        for (Target t : targets) {
            try {
                t.preflight(expected);
                usable.add(t);
            } catch (TargetException e) {
                log.error("target " + t.name() + " left out of this run: " + e.getMessage());
                outcomes.put(t.name(), new TargetOutcome(t.name(), TargetOutcome.SKIPPED, null, null, e.getMessage()));
            }
        }
        if (usable.isEmpty()) {
            throw new PreflightException("no usable target: " + outcomes.values().stream()
                    .map(o -> o.target() + ": " + o.reason()).reduce((a, b) -> a + "; " + b).orElse("none configured"));
        }
        return usable;
    }
}
