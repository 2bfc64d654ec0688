package dev.backstop.run;

import dev.backstop.config.LogArchiveConfig;
import dev.backstop.core.ArchiverProcess;
import dev.backstop.core.BackupId;
import dev.backstop.core.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether a source with {@code log_archive:} is dumped in this run or only has its binary-log
 * position recorded. A pure function: the run gathers what the archiver recorded and what each
 * target holds. A position is only worth recording when a dump and the archived logs after it
 * hold everything up to it, so anything doubtful makes a dump, with the reason:
 * <ul>
 *   <li>no {@code --full} on the command line;</li>
 *   <li>the archiver caught up within {@code max_lag} and saw no gap (no record at all, as after
 *       a lost state directory, makes a dump);</li>
 *   <li>the archiver service is not found stopped or reconnecting: the logs up to the position
 *       recorded now are still to be archived, by an archiver that streams;</li>
 *   <li>every target of the run holds the same newest dump of the source with a binary-log
 *       position, younger than {@code full_dump_every};</li>
 *   <li>on every target the archived segments join without a gap from that dump's position up to
 *       the newest segment.</li>
 * </ul>
 *
 * @param dump   the backup id of the dump the recorded position builds on; null when the source is dumped
 * @param reason why the source is dumped; null when only its position is recorded
 */
record DumpDecision(String dump, String reason) {

    /**
     * The newest dump of the source on one target, as far as this run sees it.
     *
     * @param target      the target's name
     * @param dump        the backup id of the newest complete set that holds a dump of the source
     *                    with a binary-log position; null when there is none
     * @param chainJoined whether the target's archived segments join without a gap from that
     *                    dump's position up to its newest segment
     * @param problem     why the target could not be looked at; null when it could
     */
    record TargetDump(String target, String dump, boolean chainJoined, String problem) {
    }

    /**
     * What the run knows when it decides.
     *
     * @param caughtUp       the archiver's last caught-up moment; null when it has recorded none
     * @param archiveGaps    the gaps the archiver last saw on the targets
     * @param archiver       the archiver process as it recorded itself; null when it has not
     */
    record Facts(boolean fullRequested, Instant now, Instant caughtUp, List<String> archiveGaps,
                 List<TargetDump> targets, ArchiverProcess archiver) {
    }

    static DumpDecision decide(LogArchiveConfig config, Facts facts) {
        String why = reasonForDump(config, facts);
        return why != null ? new DumpDecision(null, why) : new DumpDecision(facts.targets().get(0).dump(), null);
    }

    /** True when the source is dumped. */
    boolean dumps() {
        return reason != null;
    }

    /** For the run's log. */
    String describe() {
        return dumps() ? "dump: " + reason
                : "no dump (full_dump_every): log position only, building on the dump of " + dump;
    }

    private static String reasonForDump(LogArchiveConfig config, Facts facts) {
        if (facts.fullRequested()) {
            return "run --full";
        }
        if (facts.caughtUp() == null) {
            return "the log archiver has not recorded that it caught up (it never ran, or the state directory"
                    + " was lost), so the logs after the last dump may not be archived";
        }
        Duration lag = Duration.between(facts.caughtUp(), facts.now());
        if (lag.compareTo(config.maxLag()) > 0) {
            return "the log archive is " + Durations.human(lag) + " behind the server, more than max_lag "
                    + Durations.human(config.maxLag());
        }
        ArchiverProcess.Condition condition = facts.archiver() == null ? null : facts.archiver().condition(facts.now());
        if (condition == ArchiverProcess.Condition.STOPPED) {
            return "the log archiver is stopped, so the logs up to the position recorded now would not reach the"
                    + " targets (" + facts.archiver().stopReason(facts.now()) + ")";
        }
        if (condition == ArchiverProcess.Condition.RECONNECTING) {
            return "the log archiver is reconnecting (" + facts.archiver().lastError() + "), so the logs up to the"
                    + " position recorded now may not reach the targets";
        }
        if (!facts.archiveGaps().isEmpty()) {
            return "the archived logs have a gap: " + facts.archiveGaps().get(0);
        }
        if (facts.targets().isEmpty()) {
            return "no target to record a position on";
        }
        String dump = null;
        for (TargetDump t : facts.targets()) {
            if (t.problem() != null) {
                return "target " + t.target() + " could not be looked at: " + t.problem();
            }
            if (t.dump() == null) {
                return "target " + t.target() + " holds no dump of the source with a binary-log position (first"
                        + " run with log_archive)";
            }
            if (dump != null && !dump.equals(t.dump())) {
                return "the newest dumps differ between targets (" + dump + ", " + t.dump() + " on target "
                        + t.target() + ")";
            }
            dump = t.dump();
        }
        Duration age = Duration.between(BackupId.parse(dump).time(), facts.now());
        if (age.compareTo(config.fullDumpEvery()) >= 0) {
            return "full_dump_every " + Durations.human(config.fullDumpEvery()) + " is due (the dump " + dump
                    + " is " + Durations.human(age) + " old)";
        }
        for (TargetDump t : facts.targets()) {
            if (!t.chainJoined()) {
                return "the archived logs on target " + t.target() + " do not join from the position of the dump "
                        + dump + " up to the newest segment";
            }
        }
        return null;
    }
}
