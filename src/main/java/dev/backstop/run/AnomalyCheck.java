package dev.backstop.run;

import dev.backstop.anomaly.AnomalyDetector;
import dev.backstop.config.BackstopConfig;
import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.history.ComponentRecord;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.RunDetail;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 5 of a run, after validation: this run's components against the median of the last good
 * runs. Findings do not stop the run (a suspicious backup is better than none): they go into the
 * manifest and history, and the run exits 7 once everything is committed. The baseline ends at
 * the newest run a person accepted ({@code backstop accept}): that run is the new normal.
 */
final class AnomalyCheck {

    /** How many times the window of good runs is looked back on, for sources dumped less often than every run. */
    static final int LOOK_BACK_FACTOR = 30;

    private AnomalyCheck() {
    }

    static List<AnomalyFinding> run(BackstopConfig config, HistoryStore history, String runId,
                                    List<ComponentEntry> components, EventLog log) {
        List<List<ComponentEntry>> baseline = new ArrayList<>();
        int window = config.anomaly().window();
        // the last `window` values of each component: a run that recorded only the log position of
        // a source (full_dump_every) has no component of it, so its dumps are compared with dumps
        java.util.Map<String, Integer> taken = new java.util.HashMap<>();
        for (RunDetail r : history.lastGoodRuns(window * LOOK_BACK_FACTOR)) {
            List<ComponentEntry> kept = r.components().stream().map(ComponentRecord::toEntry)
                    .filter(c -> taken.merge(c.name(), 1, Integer::sum) <= window).toList();
            if (!kept.isEmpty()) {
                baseline.add(kept);
            }
            if (r.run().acceptedAt() != null) {
                // an accepted run is the new normal: what came before it no longer counts, or the
                // median would keep raising the same finding until the old runs leave the window
                break;
            }
        }
        List<AnomalyFinding> findings = AnomalyDetector.detect(components, baseline, config::anomalyFor);
        if (baseline.isEmpty()) {
            log.info("anomaly check: no earlier good run to compare with");
        } else if (findings.isEmpty()) {
            log.info("anomaly check: no finding against the median of " + baseline.size() + " good run(s)");
        }
        for (AnomalyFinding f : findings) {
            log.warn("anomaly: " + f.message());
        }
        history.recordFindings(runId, findings);
        return findings;
    }
}
