package dev.backstop.run;

import dev.backstop.commit.CommitReport;
import dev.backstop.config.BackstopConfig;
import dev.backstop.encryption.AgeRecipients;
import dev.backstop.encryption.EncryptionException;
import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.BackstopException;
import dev.backstop.core.BackupId;
import dev.backstop.core.ByteSize;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.core.FileTrees;
import dev.backstop.core.Manifest;
import dev.backstop.core.PreflightException;
import dev.backstop.core.RunOutcome;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.TargetCommitRecord;
import dev.backstop.source.Source;
import dev.backstop.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One backup run, in the order of the README's "How a run keeps its promise": lock, history row,
 * preflight, recovery, dumps,
 * validation, anomaly check, commit to every usable target, retention, history, notification. It never reports success unless
 * every target committed and verified the set.
 */
public final class BackupRun {

    private final BackstopConfig config;
    private final List<Source> sources;
    private final List<Target> targets;
    private final Clock clock;
    private final EventLog log;
    private final Cancellation cancellation;
    private final ToIntFunction<Exception> exitCodes;
    private boolean fullRequested;
    // the SHA-256 of each snapshot state read ahead under the run lock, by source
    private Map<String, Future<String>> statesAhead = Map.of();

    /**
     * @param exitCodes the exit code of a failure, from the one mapping of exceptions to codes
     *                  ({@code cli.ExitCodes}): history records it and the notification carries it
     */
    public BackupRun(BackstopConfig config, List<Source> sources, List<Target> targets, Clock clock, EventLog log,
                     Cancellation cancellation, ToIntFunction<Exception> exitCodes) {
        this.config = config;
        this.sources = List.copyOf(sources);
        this.targets = List.copyOf(targets);
        this.clock = clock;
        this.log = log;
        this.cancellation = cancellation;
        this.exitCodes = exitCodes;
    }

    /**
     * With {@code true}, every source with {@code incremental:} starts a new chain with a full, and
     * every source with {@code log_archive:} is dumped although {@code full_dump_every} is not due
     * ({@code run --full}).
     */
    public BackupRun fullRequested(boolean full) {
        this.fullRequested = full;
        return this;
    }

    /**
     * Runs the backup.
     *
     * @return the report of a run that reached the targets (success, anomaly, or some target failed)
     * @throws BackstopException lock held, preflight or a source failed, or interrupted; history
     *                           records why before this is thrown (except for a held lock)
     */
    public RunReport execute() throws BackstopException, IOException {
        try {
            StateDirectory.prepare(config.stateDir());
        } catch (IOException e) {
            throw new PreflightException("state_dir " + config.stateDir() + " cannot be created: " + e);
        }
        try (RunLock lock = lockStateDirectory();
             RunHistory runHistory = openHistoryWorkingAhead()) {
            HistoryStore history = runHistory.store();
            BackupId id = newId(history);
            log.setRunId(id.toString());
            for (String stale : history.abortStaleRuns("its process ended without finishing (killed or crashed)")) {
                log.warn("run " + stale + " had ended without finishing; recorded as aborted");
            }
            StateDirectory.sweepSpool(config.spoolDir(), log);
            Instant started = clock.instant();
            history.recordRunStarted(id.toString(), config.host(), started, ProcessHandle.current().pid());
            Notifying notifying = new Notifying(config, history, clock, log);
            notifying.started(id.toString());
            log.info("run started: host " + config.host() + ", " + sources.size() + " source(s), "
                    + targets.size() + " target(s)");
            Path spool = config.spoolDir().resolve(id.toString());
            // the spool is emptied before history and notification, so that they can say it could not
            // be; that failure never becomes the run's outcome (what an Error leaves, the next run sweeps)
            try {
                RunReport report = steps(id, started, runHistory, spool).withWarnings(emptySpool(spool));
                history.recordRunFinished(id.toString(), report.finished(), report.outcome(), report.exitCode(),
                        report.fullReason(), report.storedBytes());
                if (!java.util.Objects.equals(runHistory.problem(), report.historyProblem())) {
                    // the history failed under the last record: the run is not recorded, and says so
                    report = report.withHistoryProblem(runHistory.problem(), runHistory.warnings());
                    log.warn("history: " + report.historyProblem());
                }
                notifying.finished(report);
                return report;
            } catch (BackstopException | IOException | RuntimeException e) {
                // the history row must say why, whatever went wrong; free the spool first, since a
                // full spool on the state directory's disk would also stop history from writing
                List<String> left = emptySpool(spool);
                BackstopException failure = cancellation.requested() ? cancellation.asException() : null;
                recordFailure(runHistory, id, failure != null ? failure : e, left, notifying, started);
                if (failure != null) {
                    throw failure;
                }
                throw e;
            } catch (InterruptedException e) {
                List<String> left = emptySpool(spool);
                BackstopException failure = cancellation.asException();
                recordFailure(runHistory, id, failure, left, notifying, started);
                throw failure;
            } finally {
                holdTheLockPast(id);
            }
        }
    }

    /**
     * Ids are seconds. A run that ends within its id's second keeps the lock until that second has
     * passed, so the next run's id is later even when history is lost and cannot say which ids
     * are taken (a set under the same id on a target would be refused, never overwritten).
     */
    private void holdTheLockPast(BackupId id) {
        long left = id.time().plusSeconds(1).toEpochMilli() - clock.millis();
        if (left > 0 && !cancellation.requested()) {
            try {
                Thread.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Empties the run's spool; returns the warning, also logged, when it cannot. */
    private List<String> emptySpool(Path spool) {
        try {
            FileTrees.delete(spool);
            return List.of();
        } catch (IOException e) {
            String warning = "could not empty the spool " + spool + ": " + e + "; the next run removes it";
            log.warn(warning);
            return List.of(warning);
        }
    }

    /**
     * Opens the history while the targets start connecting and the snapshot states are read: a key
     * exchange and login take about a second, which would otherwise wait for the history and the
     * preflight of the targets before, and a walk would wait for its state.
     */
    private RunHistory openHistoryWorkingAhead() {
        targets.forEach(Target::connectAhead);
        statesAhead = Chains.readStatesAhead(config, sources, fullRequested);
        return RunHistory.open(config.historyFile(), clock, log);
    }

    private RunLock lockStateDirectory() throws BackstopException {
        try {
            return RunLock.acquire(config.lockFile());
        } catch (IOException e) {
            throw new PreflightException("cannot take the run lock " + config.lockFile() + ": " + e);
        }
    }

    private RunReport steps(BackupId id, Instant started, RunHistory runHistory, Path spool)
            throws BackstopException, IOException, InterruptedException {
        HistoryStore history = runHistory.store();
        List<String> warnings = Collections.synchronizedList(new ArrayList<>());
        Map<String, TargetOutcome> outcomes = new LinkedHashMap<>();

        long expected = Preflight.expectedBytes(history);
        Preflight.checkSources(sources);
        Preflight.checkSpool(config.spoolDir(), expected);
        // encrypted targets store the sealed spool files, those with encrypt: false the clear ones;
        // both kinds are written when the configuration has both, whichever targets pass preflight
        Set<String> sealedTargets = targets.stream().map(Target::name).filter(config::encrypts)
                .collect(Collectors.toSet());
        boolean clearToo = sealedTargets.size() < targets.size();
        Files.createDirectories(spool);
        Chains chains = new Chains(config, fullRequested, spool, clock, log, statesAhead);
        List<AnomalyFinding> anomalies;
        Manifest manifest;
        // the bytes a committed set holds, on the targets in the clear (false) and the encrypted ones
        Map<Boolean, Long> setBytes = new java.util.HashMap<>();
        List<Target> usable;
        try (ComponentDumper dumper = new ComponentDumper(config.compression(),
                sealedTargets.isEmpty() ? null : recipients(), clearToo, spool, warnings, log)) {
            DumpsAhead ahead = DumpsAhead.start(id, config, sources, chains, dumper, log);
            usable = Preflight.checkTargets(targets, expected, outcomes, log);
            checkInterrupt();

            Recovery.sweep(usable, config.host(), log);
            runHistory.adopted(Recovery.adoptUnknownSets(usable, config.host(), history, clock, log));
            checkInterrupt();

            DumpsAhead.Plan plan = ahead.plan(id, spool, usable, chains,
                    new LogPositions(config, fullRequested, usable, clock, log));
            checkInterrupt();
            // each component goes to every target while it is dumped; close() removes any partial set left
            try (SetUploads uploads = new SetUploads(usable, sealedTargets, config.host(), id, log)) {
                ahead.release(uploads::send);
                for (ComponentDumper.Job job : plan.toStart()) {
                    dumper.start(job, uploads::send);
                }
                List<ComponentDumper.Dumped> dumped = dumper.awaitAll(plan.jobs());
                List<ComponentEntry> components = dumped.stream().map(ComponentDumper.Dumped::primary).toList();
                for (ComponentEntry c : components) {
                    history.recordComponent(id.toString(), c);
                }
                checkInterrupt();
                anomalies = AnomalyCheck.run(config, history, id.toString(), components, log);
                Instant finished = clock.instant();
                manifest = Manifest.forComponents(id.toString(), config.host(), dev.backstop.core.Version.get(), started,
                        finished, components, anomalies, plan.positions());
                // the targets in the clear get a manifest of their own files (format 1)
                Manifest clearManifest = !clearToo || sealedTargets.isEmpty() ? manifest
                        : Manifest.forComponents(id.toString(), config.host(), dev.backstop.core.Version.get(), started,
                        finished, dumped.stream().map(ComponentDumper.Dumped::clear).toList(), anomalies, plan.positions());
                setBytes.put(false, clearManifest.components().stream().mapToLong(ComponentEntry::bytes).sum());
                setBytes.put(true, manifest.components().stream().mapToLong(ComponentEntry::bytes).sum());
                log.info("committing " + ByteSize.human(components.stream().mapToLong(ComponentEntry::bytes).sum())
                        + " to " + usable.size() + " target(s)");
                for (Map.Entry<String, SetUploads.Result> e : uploads.finish(clearManifest, manifest).entrySet()) {
                    CommitReport r = e.getValue().report();
                    if (r != null) {
                        outcomes.put(e.getKey(), new TargetOutcome(e.getKey(), TargetOutcome.COMMITTED, r.finalPath(),
                                verification(r), null));
                        log.info("target " + e.getKey() + ": committed and verified at " + r.finalPath());
                    } else {
                        outcomes.put(e.getKey(), new TargetOutcome(e.getKey(), TargetOutcome.FAILED, null, null,
                                e.getValue().failure().getMessage()));
                    }
                }
            }
        }
        List<ComponentEntry> components = manifest.components();
        chains.advance(manifest, usable.stream().allMatch(t -> outcomes.get(t.name()).committed()), warnings);
        for (TargetOutcome o : outcomes.values()) {
            history.recordTargetCommit(id.toString(), switch (o.state()) {
                case TargetOutcome.COMMITTED -> TargetCommitRecord.committed(o.target(), o.path(), o.verified(),
                        setBytes.get(sealedTargets.contains(o.target())), clock.instant());
                case TargetOutcome.FAILED -> TargetCommitRecord.failed(o.target(), o.reason(), clock.instant());
                default -> TargetCommitRecord.skipped(o.target(), o.reason(), clock.instant());
            });
        }

        List<TargetOutcome> results = targets.stream().map(t -> outcomes.get(t.name())).toList();
        long committed = results.stream().filter(TargetOutcome::committed).count();
        RunOutcome outcome = committed < results.size() ? (committed > 0 ? RunOutcome.PARTIAL : RunOutcome.FAILED)
                : anomalies.isEmpty() ? RunOutcome.SUCCESS : RunOutcome.ANOMALY;
        String reason = results.stream().filter(o -> !o.committed())
                .map(o -> "target " + o.target() + " " + o.state() + ": " + o.reason())
                .reduce((a, b) -> a + "; " + b)
                .orElse(anomalies.isEmpty() ? null : anomalies.size() + " anomaly finding(s): "
                        + String.join("; ", anomalies.stream().map(AnomalyFinding::message).toList()));
        String historyProblem = runHistory.problem();
        if (historyProblem != null) {
            // nothing is removed while a human must look, nor when the removal could not be recorded
            log.warn("history: " + historyProblem);
            warnings.addAll(runHistory.warnings());
        } else if (outcome == RunOutcome.SUCCESS) {
            warnings.addAll(RetentionStep.apply(config, usable, history, clock, log));
        }
        return new RunReport(id.toString(), config.host(), started, clock.instant(), outcome,
                RunReport.exitCodeOf(outcome, historyProblem), reason, components, results, List.copyOf(warnings), anomalies,
                historyProblem, manifest.logPositions());
    }

    /** read-back, storage-hash, or both when files were verified differently. */
    private static String verification(CommitReport r) {
        return r.files().stream().map(f -> f.verification().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .distinct().sorted().reduce((a, b) -> a + "+" + b).orElse("none");
    }

    private void checkInterrupt() throws InterruptedException {
        if (Thread.currentThread().isInterrupted() || cancellation.requested()) {
            throw new InterruptedException();
        }
    }

    private void recordFailure(RunHistory runHistory, BackupId id, Exception e, List<String> warnings,
                               Notifying notifying, Instant started) {
        RunOutcome outcome = e instanceof dev.backstop.core.InterruptedRunException ? RunOutcome.INTERRUPTED : RunOutcome.FAILED;
        int code = exitCodes.applyAsInt(e);
        String reason = Stream.concat(Stream.of(e.getMessage() == null ? e.toString() : e.getMessage()), warnings.stream())
                .collect(Collectors.joining("; "));
        // the failure decides the exit code; what happened to the history is said beside it
        String historyProblem = runHistory.problem();
        if (historyProblem != null) {
            reason = reason + "; " + historyProblem;
        }
        try {
            runHistory.store().recordRunFinished(id.toString(), clock.instant(), outcome, code, reason, 0);
        } catch (RuntimeException ex) {
            log.error("could not record the end of the run in history: " + ex.getMessage());
        }
        notifying.failed(id.toString(), config.host(), outcome, code, reason, started);
    }

    /** A new id; waits a second when the last run started within this second, so ids stay unique. */
    private BackupId newId(HistoryStore history) throws IOException {
        // ids are seconds: a second run within the same second waits for the next one
        BackupId id = BackupId.at(clock.instant());
        while (history.run(id.toString()).isPresent()) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while choosing a backup id", e);
            }
            id = BackupId.at(clock.instant());
        }
        return id;
    }

    /** The recipients every component is encrypted to; null when sets are stored in the clear. */
    private AgeRecipients recipients() throws PreflightException {
        if (!config.encrypted()) {
            return null;
        }
        try {
            return AgeRecipients.of(config.encryption().recipients());
        } catch (EncryptionException e) {
            throw new PreflightException(e.getMessage(), e);
        }
    }

}
