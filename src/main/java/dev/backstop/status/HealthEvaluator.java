package dev.backstop.status;

import dev.backstop.core.Durations;
import dev.backstop.core.RunOutcome;
import dev.backstop.history.Overview;
import dev.backstop.history.RunRecord;
import dev.backstop.history.RunView;
import dev.backstop.history.StoredBackup;
import dev.backstop.history.VerificationRecord;
import dev.backstop.status.Health.PerfDatum;
import dev.backstop.status.Health.Problem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides the health of the backups from what history records. A pure function: no I/O, the
 * time comes from the clock.
 *
 * <p>CRITICAL: the newest run did not store its backup everywhere (failed, partial, interrupted,
 * aborted), no run has finished, a configured target's newest backup is older than
 * {@code maxAge} or missing, the last {@code verify} or restore test failed, or a target lacks a
 * backup history records ({@code --check-targets}), a source's binary-log archive lags more than
 * its {@code max_lag}, never caught up or has a gap, or its archiver service is found stopped
 * ({@link LogLag}); WARNING too when no dump starts a complete chain of its segments or the
 * archiver has been reconnecting for a minute. WARNING: the newest run found anomalies not
 * yet accepted, or succeeded with exit 7 (its history was rebuilt after damage), its notification
 * failed, the last passed restore test is older than allowed or missing, the last verify is older
 * than allowed, the sets are encrypted and the identity to decrypt them is missing or unreadable.
 * OK otherwise. The chains of incremental archives of the newest stored backup are shown, not
 * judged (verify judges them): in the OK summary and as performance data.
 */
public final class HealthEvaluator {

    private HealthEvaluator() {
    }

    /**
     * @param overview the history's state
     * @param targets  the names of the configured targets, each of which must hold a fresh backup
     * @param checks   what looking at the targets found; null when they were not looked at
     */
    public static Health evaluate(Overview overview, List<String> targets, List<TargetCheck> checks,
                                  HealthPolicy policy, Clock clock) {
        return evaluate(overview, targets, checks, List.of(), policy, clock);
    }

    /** @param logs the binary-log archive of each source that has one ({@link LogLag}) */
    public static Health evaluate(Overview overview, List<String> targets, List<TargetCheck> checks,
                                  List<LogLag> logs, HealthPolicy policy, Clock clock) {
        return evaluate(overview, targets, checks, logs, null, policy, clock);
    }

    /**
     * @param identityProblem why the sets are encrypted and this server's identity cannot decrypt
     *                        them (missing, unreadable, unsafe); null when it can or nothing is
     *                        encrypted. A WARNING: backups go on, the restore test cannot run.
     */
    public static Health evaluate(Overview overview, List<String> targets, List<TargetCheck> checks,
                                  List<LogLag> logs, String identityProblem, HealthPolicy policy, Clock clock) {
        Instant now = clock.instant();
        List<Problem> problems = new ArrayList<>();
        if (identityProblem != null) {
            problems.add(new Problem(HealthState.WARNING, identityProblem + "; the restore test will not run (exit 4)"
                    + " until it is fixed, backups are not affected"));
        }
        List<PerfDatum> perf = new ArrayList<>();
        newestRun(overview.newestFinished(), problems, perf);
        for (String target : targets) {
            freshness(target, overview.stored().get(target), policy.maxAge(), now, problems, perf);
        }
        verification(overview.lastVerify(), policy.maxVerifyAge(), now, problems);
        restoreTest(overview.lastRestoreTest(), overview.lastPassedRestoreTest(), policy.maxRestoreTestAge(), now,
                problems, perf);
        logs.forEach(l -> l.evaluate(now, problems, perf));
        chains(overview.newestStored(), perf);
        if (checks != null) {
            checks.forEach(c -> problems.add(new Problem(c.state(), "target " + c.target() + ": " + c.message())));
        }
        problems.sort(Comparator.comparing((Problem p) -> p.state() == HealthState.CRITICAL ? 0 : 1));
        HealthState state = problems.stream().map(Problem::state).reduce(HealthState.OK, HealthState::worse);
        String summary = problems.isEmpty() ? okSummary(overview, targets, now) + windows(logs)
                : problems.get(0).message() + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
        return new Health(state, summary, problems, perf);
    }

    private static void newestRun(RunView newest, List<Problem> problems, List<PerfDatum> perf) {
        if (newest == null) {
            problems.add(new Problem(HealthState.CRITICAL, "no backup run has finished yet; run `backstop run`"
                    + " or start backstop.timer"));
            return;
        }
        RunRecord r = newest.run();
        String reason = r.reason() == null ? "" : ": " + r.reason();
        switch (r.outcome()) {
            case SUCCESS -> {
                if (r.exitCode() != null && r.exitCode() != 0) {
                    // stored and verified, but the history was rebuilt under it: a human must look once
                    problems.add(new Problem(HealthState.WARNING, "newest run " + r.id() + " is stored and verified, but"
                            + reason));
                }
            }
            case ANOMALY -> {
                if (r.acceptedAt() == null) {
                    String first = newest.findings().isEmpty() ? "" : ": " + newest.findings().get(0).message();
                    problems.add(new Problem(HealthState.WARNING, "newest run " + r.id() + " is stored and verified but has "
                            + newest.findings().size() + " anomaly finding(s)" + first + "; if expected: backstop accept "
                            + r.id()));
                }
            }
            case PARTIAL -> problems.add(new Problem(HealthState.CRITICAL, "newest run " + r.id()
                    + " failed on a target" + reason));
            case INTERRUPTED, ABORTED -> problems.add(new Problem(HealthState.CRITICAL, "newest run " + r.id() + " was "
                    + r.outcome().word() + reason));
            default -> problems.add(new Problem(HealthState.CRITICAL, "newest run " + r.id() + " failed" + reason));
        }
        if (newest.failedNotifications() > 0) {
            problems.add(new Problem(HealthState.WARNING, newest.failedNotifications() + " notification(s) about run "
                    + r.id() + " failed to send; see the notifications in history and the run's log"));
        }
        if (r.bytes() != null) {
            perf.add(new PerfDatum("last_run_bytes", r.bytes(), "B", null, null));
        }
        if (r.finishedAt() != null) {
            perf.add(new PerfDatum("last_run_duration", Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0, "s",
                    null, null));
        }
        perf.add(new PerfDatum("last_run_anomalies", newest.findings().size(), "", null, null));
    }

    private static void freshness(String target, StoredBackup stored, Duration maxAge, Instant now,
                                  List<Problem> problems, List<PerfDatum> perf) {
        if (stored == null) {
            problems.add(new Problem(HealthState.CRITICAL, "target " + target + " holds no backup that history records"));
            return;
        }
        Duration age = nonNegative(Duration.between(stored.runStartedAt(), now));
        perf.add(new PerfDatum("age_" + target, age.toSeconds(), "s", null, maxAge.toSeconds()));
        if (age.compareTo(maxAge) > 0) {
            problems.add(new Problem(HealthState.CRITICAL, "newest backup on target " + target + " is " + stored.runId()
                    + ", " + human(age) + " old, older than --max-age " + human(maxAge)));
        }
    }

    private static void verification(VerificationRecord last, Duration maxAge, Instant now, List<Problem> problems) {
        if (last != null && "failed".equals(last.outcome())) {
            problems.add(new Problem(HealthState.CRITICAL, "last verify (" + ago(last.finished(), now) + ") found "
                    + firstFailing(last) + "; run `backstop verify` for every finding"));
        }
        if (maxAge != null) {
            if (last == null) {
                problems.add(new Problem(HealthState.WARNING, "no verify recorded; run `backstop verify`"));
            } else if (Duration.between(last.finished(), now).compareTo(maxAge) > 0) {
                problems.add(new Problem(HealthState.WARNING, "last verify ran " + ago(last.finished(), now)
                        + ", longer ago than --max-verify-age " + human(maxAge)));
            }
        }
    }

    private static void restoreTest(VerificationRecord last, VerificationRecord passed, Duration maxAge, Instant now,
                                    List<Problem> problems, List<PerfDatum> perf) {
        if (last != null && "failed".equals(last.outcome())) {
            problems.add(new Problem(HealthState.CRITICAL, "last restore test (" + ago(last.finished(), now) + ", backup "
                    + last.backupId() + ") failed: " + firstFailing(last)));
        }
        if (last != null && "not run".equals(last.outcome())) {
            // a problem of the test's environment, not of the backup: the fix is in the message
            problems.add(new Problem(HealthState.WARNING, "restore test could not run (" + ago(last.finished(), now)
                    + "): " + last.findings().stream().findFirst().map(VerificationRecord.FindingRow::problem).orElse("")));
        }
        if (passed == null) {
            problems.add(new Problem(HealthState.WARNING, "no restore test has passed yet; run `backstop restore-test`"
                    + " (weekly: backstop-restore-test.timer)"));
            return;
        }
        Duration age = nonNegative(Duration.between(passed.finished(), now));
        perf.add(new PerfDatum("restore_test_age", age.toSeconds(), "s", maxAge.toSeconds(), null));
        if (passed.restoreMs() != null) {
            perf.add(new PerfDatum("restore_time", passed.restoreMs() / 1000.0, "s", null, null));
        }
        if (age.compareTo(maxAge) > 0) {
            problems.add(new Problem(HealthState.WARNING, "last passed restore test is " + human(age)
                    + " old, older than --max-restore-test-age " + human(maxAge)));
        }
    }

    private static String firstFailing(VerificationRecord r) {
        return r.findings().stream().filter(f -> !"WARNING".equals(f.severity())).findFirst()
                .map(f -> f.severity() + " " + f.target() + (f.backupId() == null ? "" : " " + f.backupId()) + ": "
                        + f.problem())
                .orElse("a failure without findings");
    }

    private static String okSummary(Overview overview, List<String> targets, Instant now) {
        RunRecord r = overview.newestFinished().run();
        String where = targets.isEmpty() ? "" : " on " + String.join(", ", targets);
        String test = overview.lastPassedRestoreTest() == null ? ""
                : "; restore test passed " + ago(overview.lastPassedRestoreTest().finished(), now);
        String chain = chainOf(overview.newestStored());
        return "newest backup " + r.id() + " (" + ago(r.startedAt(), now) + ") stored and verified" + where + test
                + (chain == null ? "" : "; chain: " + chain);
    }

    /**
     * Where the components of a stored run stand in their chains of incremental archives:
     * {@code www +3 of 20251101T020001Z, media full}; null when every component is stored whole.
     */
    public static String chainOf(RunView stored) {
        if (stored == null) {
            return null;
        }
        List<String> places = stored.components().stream().filter(c -> c.incremental() != null)
                .map(c -> c.name() + " " + c.incremental().describe()).toList();
        return places.isEmpty() ? null : String.join(", ", places);
    }

    // the sets a restore of the newest backup reads, per chained component: a chain that keeps growing shows
    private static void chains(RunView stored, List<PerfDatum> perf) {
        if (stored != null) {
            stored.components().stream().filter(c -> c.incremental() != null).forEach(c -> perf.add(
                    new PerfDatum("chain_" + c.name(), c.incremental().level() + 1, "", null, null)));
        }
    }

    private static String windows(List<LogLag> logs) {
        List<String> windows = logs.stream().map(LogLag::describeWindow).filter(w -> w != null).toList();
        return windows.isEmpty() ? "" : "; " + String.join("; ", windows);
    }

    /** {@link Durations#human}, with days from two days on: {@code 9d04h} reads better than {@code 220h00m}. */
    static String human(Duration d) {
        long hours = d.toHours();
        return hours >= 48 ? hours / 24 + "d" + String.format(java.util.Locale.ROOT, "%02d", hours % 24) + "h"
                : Durations.human(d);
    }

    static String ago(Instant then, Instant now) {
        return human(nonNegative(Duration.between(then, now))) + " ago";
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
