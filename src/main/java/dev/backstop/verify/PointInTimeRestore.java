package dev.backstop.verify;

import dev.backstop.commit.BackupSets;
import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ConfigException;
import dev.backstop.core.EventLog;
import dev.backstop.core.FileTrees;
import dev.backstop.core.PreflightException;
import dev.backstop.core.Progress;
import dev.backstop.core.TargetException;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.LogReplayer;
import dev.backstop.source.LogReplayer.Bound;
import dev.backstop.source.RestoreEnvironmentException;
import dev.backstop.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code restore --at} workflow: one database source as it was at a moment. The newest dump
 * of the source finished at or before the moment, then the archived log segments from the dump's
 * position up to the last transaction committed at or before it, replayed in one session on a
 * disposable server under the source's own database name (the logs name it, and a rewrite of
 * the name misses statements); the result is then dumped and loaded into the new database on the
 * production server, which sees nothing but that load. A gap in the logs before the moment, a
 * corrupt segment or a corrupt dump writes nothing.
 */
public final class PointInTimeRestore {

    /**
     * What the command asks for.
     *
     * @param archivedUpTo the moment up to which this host's archiver recorded every transaction
     *                     on every target ({@code caught-up}); null when this host has no record
     *                     (a restore on another machine)
     */
    public record Request(String source, String newName, Instant at, boolean force, Instant archivedUpTo) {
    }

    private final String host;
    private final Path scratchRoot;
    private final LogReplayer replayer;
    private final DatabaseServer production;
    private final DatabaseServer disposable;
    private final Clock clock;
    private final EventLog log;
    private final Progress progress;
    private final DecryptionKey key;

    /**
     * @param production the server the new database is created on, with the restore account
     * @param disposable where the dump is loaded and the logs replayed; started on first use
     */
    public PointInTimeRestore(String host, Path scratchRoot, LogReplayer replayer, DatabaseServer production,
                              DatabaseServer disposable, Clock clock, EventLog log, Progress progress,
                              DecryptionKey key) {
        this.host = host;
        this.scratchRoot = scratchRoot;
        this.replayer = replayer;
        this.production = production;
        this.disposable = disposable;
        this.clock = clock;
        this.log = log;
        this.progress = progress;
        this.key = key;
    }

    /**
     * Restores from the first of {@code targets} that holds a dump before the moment and a chain
     * without a gap from it (or from the first that holds such a dump, whose gap is then reported).
     *
     * @throws ConfigException      the new database exists and {@code force} is not given; nothing written
     * @throws TargetException      a target cannot be listed
     * @throws PreflightException   the dump is encrypted and the identity cannot be loaded; nothing written
     * @throws RestoreEnvironmentException the disposable server cannot run here, or the production
     *                              server refuses the CREATE; nothing written
     */
    public RestoreReport run(List<Target> targets, Request request)
            throws ConfigException, TargetException, PreflightException, IOException, InterruptedException {
        long t0 = System.nanoTime();
        if (!request.force() && production.exists(request.newName())) {
            throw new ConfigException("--database " + request.source() + "=" + request.newName() + ": database "
                    + request.newName() + " already exists; choose a new name, or add --force to replace it (it is"
                    + " dropped first)");
        }
        Path dir = ScratchDirs.create(scratchRoot.resolve("restore-at-" + ScratchNames.runId(clock.instant())));
        try {
            return restore(targets, request, dir, t0);
        } finally {
            boolean interrupted = Thread.interrupted();
            try {
                FileTrees.delete(dir);
            } catch (IOException e) {
                log.warn("restore: cannot remove scratch directory " + dir + ": " + e.getMessage());
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private RestoreReport restore(List<Target> targets, Request request, Path dir, long t0)
            throws TargetException, PreflightException, IOException, InterruptedException {
        ChainReplay chain = new ChainReplay(host, replayer, progress);
        Bound bound = Bound.at(request.at());
        Target target = null;
        BackupSet set = null;
        ChainReplay.Prepared prepared = null;
        List<String> none = new ArrayList<>();
        for (Target candidate : targets) {
            BackupSet found = newestDumpBefore(candidate, request);
            if (found == null) {
                none.add(candidate.name());
                continue;
            }
            Path work = Files.createDirectories(dir.resolve(candidate.name()));
            ChainReplay.Prepared p = chain.prepare(candidate, component(found, request.source()), bound, work, key);
            if (target == null || p.problem() == null) {
                target = candidate;
                set = found;
                prepared = p;
            }
            if (p.problem() == null) {
                break;
            }
        }
        if (target == null) {
            String where = String.join(", ", none);
            return failed(targets.get(0).name(), null, t0, Finding.error(where, null, null, "no complete backup of host "
                    + host + " holds a dump of source " + request.source() + " with a binary-log position, finished at"
                    + " or before " + request.at() + "; nothing was restored"));
        }
        String id = set.id().toString();
        ComponentEntry c = component(set, request.source());
        if (prepared.problem() != null) {
            log.error("restore: " + prepared.problem() + "; nothing was restored");
            return failed(target.name(), id, t0, Finding.critical(target.name(), id, "logs/" + request.source(),
                    prepared.problem() + "; nothing was restored. Restore to a moment before the gap, or from"
                    + " another target"));
        }
        List<String> lines = new ArrayList<>();
        lines.add(request.source() + ": dump of backup " + id + " (" + c.file() + ", finished "
                + set.manifest().finished().truncatedTo(ChronoUnit.SECONDS)
                + ", binary-log position " + prepared.start().file() + ":" + prepared.start().position() + ")");
        prepared.segmentsUsed().forEach(line -> lines.add(request.source() + ": segments of " + line));
        lines.add(request.source() + ": last transaction applied: " + prepared.lastApplied());
        List<Finding> notes = new ArrayList<>();
        String shortfall = shortfall(request, prepared.replay().boundSeen(), prepared.lastApplied());
        if (shortfall != null) {
            notes.add(Finding.warning(target.name(), id, "logs/" + request.source(), shortfall));
        }
        lines.forEach(line -> log.info("restore: " + line));
        var identity = c.encrypted() ? key.load() : null;
        Finding bad = chain.load(target, set, c, identity, prepared, disposable, dir.resolve(target.name()));
        if (bad != null) {
            return failed(target.name(), id, t0, bad);
        }
        Path copy = dir.resolve(request.source() + "-at.sql");
        disposable.dump(replayer.database(), copy);
        try {
            if (request.force()) {
                production.drop(request.newName());
            }
            production.create(request.newName());
        } catch (IOException e) {
            throw refused(request.newName(), e);
        }
        production.load(request.newName(), copy);
        long rows = production.countRows(request.newName()).values().stream().mapToLong(Long::longValue).sum();
        String done = request.source() + ": restored " + (notes.isEmpty() ? "as of " + request.at()
                : "up to the end of the archive, before " + request.at()) + " into database " + request.newName()
                + " (" + rows + " rows)";
        lines.add(done);
        log.info("restore: " + done);
        return new RestoreReport(target.name(), id, Duration.ofNanos(System.nanoTime() - t0), lines, notes);
    }

    /**
     * Why the archive may end before the moment, or null when it reaches it: a transaction after
     * the moment was seen, or the archiver caught up past it (the server was idle in between).
     */
    static String shortfall(Request request, boolean boundSeen, String lastApplied) {
        if (boundSeen || request.archivedUpTo() != null && !request.archivedUpTo().isBefore(request.at())) {
            return null;
        }
        return "the archive holds no transaction after its newest one (" + lastApplied + ") and "
                + (request.archivedUpTo() == null ? "this host has no record of how far the archiver got"
                : "the archiver caught up last at " + request.archivedUpTo().truncatedTo(ChronoUnit.SECONDS))
                + ", before " + request.at() + ": anything the server committed in between is not in the archive";
    }

    private BackupSet newestDumpBefore(Target target, Request request) throws TargetException {
        List<BackupSet> sets = BackupSets.list(target, host);
        for (int i = sets.size() - 1; i >= 0; i--) {
            BackupSet s = sets.get(i);
            if (s.complete() && !s.newerFormat() && !s.manifest().finished().isAfter(request.at())) {
                ComponentEntry c = component(s, request.source());
                if (c != null && c.facts() != null && c.facts().binlog() != null) {
                    return s;
                }
            }
        }
        return null;
    }

    private static ComponentEntry component(BackupSet set, String source) {
        return set.manifest().components().stream().filter(c -> c.name().equals(source)).findFirst().orElse(null);
    }

    private static RestoreReport failed(String target, String id, long t0, Finding finding) {
        return new RestoreReport(target, id, Duration.ofNanos(System.nanoTime() - t0), List.of(), List.of(finding));
    }

    private IOException refused(String database, IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Access denied") || message.toLowerCase(Locale.ROOT).contains("permission denied")) {
            return new RestoreEnvironmentException("the server refused to create database " + database
                    + " for this account; nothing was written. Fix: " + production.createPrivilegeHint(database)
                    + ". The server said: " + message, e);
        }
        return e;
    }
}
