package dev.backstop.history;

import dev.backstop.core.RunOutcome;
import java.util.Map;

/**
 * The state of the history at one moment, read in one transaction: what {@code status},
 * {@code /metrics} and the dashboard's banner are computed from.
 *
 * @param newestFinished      the newest run that ended, or null when none has
 * @param running             a run still marked running (in progress, or died and not yet
 *                            swept), or null
 * @param newestSuccess       the newest successful run, or null
 * @param newestStored        the newest run that stored a backup (success, anomaly, partial),
 *                            with its components, or null
 * @param stored              per target name, the newest backup history records there
 * @param outcomeCounts       how many runs ended with each outcome, over the whole history
 * @param lastVerify          the newest {@code verify}, or null
 * @param lastRestoreTest     the newest {@code restore-test}, or null
 * @param lastPassedRestoreTest the newest restore test that passed, or null
 */
public record Overview(RunView newestFinished, RunRecord running, RunRecord newestSuccess, RunView newestStored,
                       Map<String, StoredBackup> stored, Map<RunOutcome, Long> outcomeCounts,
                       VerificationRecord lastVerify, VerificationRecord lastRestoreTest,
                       VerificationRecord lastPassedRestoreTest) {

    /** The overview of an empty history. */
    public static Overview empty() {
        return new Overview(null, null, null, null, Map.of(), Map.of(), null, null, null);
    }

    public Overview {
        stored = Map.copyOf(stored);
        outcomeCounts = Map.copyOf(outcomeCounts);
    }
}
