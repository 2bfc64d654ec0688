package dev.backstop.verify;

import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.core.FileTrees;
import dev.backstop.core.TargetException;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.sqlite.SqliteCheck;
import dev.backstop.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code restore-test} workflow: removes what a killed earlier test left (scratch databases
 * with {@link ScratchNames#PREFIX}, scratch directories), downloads a backup into
 * {@code state_dir/restore-test/<run id>/} checking every hash, restores each component into
 * scratch space and compares it with the manifest ({@link FactChecks}). Scratch databases and
 * files are removed in every case, also on failure and interrupt. The caller holds a lock that
 * keeps a second restore test off the same state directory, so whatever carries the prefix when
 * this starts is stale.
 */
public final class RestoreTest {

    /** A scratch database that exists until it is dropped. */
    private record Scratch(DatabaseServer server, String database) {
    }

    private final String host;
    private final Path scratchRoot;
    private final Function<String, Optional<DatabaseServer>> servers;
    private final Collection<DatabaseServer> allServers;
    private final Clock clock;
    private final EventLog log;
    private final Progress progress;

    /**
     * @param scratchRoot {@code state_dir/restore-test}
     * @param servers     the database server of a source, by source name (empty: not a database source)
     * @param allServers  every configured database server, swept for stale scratch databases
     */
    public RestoreTest(String host, Path scratchRoot, Function<String, Optional<DatabaseServer>> servers,
                       Collection<DatabaseServer> allServers, Clock clock, EventLog log, Progress progress) {
        this.host = host;
        this.scratchRoot = scratchRoot;
        this.servers = servers;
        this.allServers = List.copyOf(allServers);
        this.clock = clock;
        this.log = log;
        this.progress = progress;
    }

    /**
     * Tests one backup ({@code backupId}, or the newest complete one when null) from {@code target}.
     *
     * @throws TargetException      the target cannot be listed or holds no such backup
     * @throws InterruptedException interrupted; scratch space was removed first
     */
    public RestoreTestReport run(Target target, String backupId) throws TargetException, InterruptedException, IOException {
        Instant started = clock.instant();
        String runId = ScratchNames.runId(started);
        List<String> cleaned = sweep();
        long t0 = System.nanoTime();
        BackupSet set = BackupFetch.find(target, host, backupId);
        String id = set.id().toString();
        log.info("restore-test: backup " + id + " from target " + target.name() + " (" + target.type() + ")");
        List<Finding> findings = new ArrayList<>();
        List<String> components = new ArrayList<>();
        long[] bytes = {0};
        Path dir = ScratchDirs.create(scratchRoot.resolve(runId));
        List<Scratch> databases = new ArrayList<>();
        try {
            findings.addAll(BackupFetch.check(target, set));
            if (set.manifest() != null) {
                for (ComponentEntry c : set.manifest().components()) {
                    boolean known = findings.stream().anyMatch(f -> f.severity().failing() && c.file().equals(f.file()));
                    if (!SetChecks.safeName(c.file()) || known) {
                        continue; // already reported as missing, wrongly sized or unsafe
                    }
                    testComponent(target, set, c, dir, runId, databases, findings, components, bytes);
                }
            }
        } catch (InterruptedIOException e) {
            throw new InterruptedException("interrupted during the restore test of " + id);
        } finally {
            boolean interrupted = Thread.interrupted(); // cleanup runs clients, which an interrupt would kill
            cleanup(dir, databases);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        for (Finding f : findings) {
            if (f.severity().failing()) {
                log.error(f.line());
            } else {
                log.warn(f.line());
            }
        }
        return new RestoreTestReport(started, clock.instant(), target.name(), id, took, bytes[0], components, cleaned,
                findings);
    }

    private void testComponent(Target target, BackupSet set, ComponentEntry c, Path dir, String runId,
                               List<Scratch> databases, List<Finding> findings, List<String> components, long[] bytes)
            throws IOException, InterruptedException {
        String id = set.id().toString();
        Path downloaded = dir.resolve(c.file());
        Finding bad = BackupFetch.download(target, set, c, downloaded, progress);
        if (bad != null) {
            findings.add(bad);
            return;
        }
        bytes[0] += c.bytes();
        long t = System.nanoTime();
        FactChecks.Restored restored;
        String what;
        try {
            switch (c.type()) {
                case "mysql", "postgres" -> {
                    Optional<DatabaseServer> server = servers.apply(c.name());
                    if (server.isEmpty()) {
                        findings.add(Finding.error(target.name(), id, c.file(), "source " + c.name() + " (" + c.type()
                                + ") is not in the configuration, so there is no server to restore its dump into"));
                        return;
                    }
                    String db = ScratchNames.database(runId, c.name());
                    Path sql = dir.resolve(c.name() + ".sql");
                    long raw = BackupFetch.decompress(c, downloaded, sql);
                    Files.delete(downloaded);
                    databases.add(new Scratch(server.get(), db));
                    server.get().create(db);
                    server.get().load(db, sql);
                    restored = new FactChecks.Restored(raw, server.get().countRows(db), null, null);
                    server.get().drop(db);
                    databases.remove(databases.size() - 1);
                    Files.delete(sql);
                    what = "loaded into scratch database " + db;
                }
                case "sqlite" -> {
                    Path file = dir.resolve(c.name() + ".db");
                    long raw = BackupFetch.decompress(c, downloaded, file);
                    restored = new FactChecks.Restored(raw, SqliteCheck.inspect(file), null, null);
                    what = "opened, integrity_check ok";
                }
                case "files" -> {
                    Path tree = dir.resolve(c.name() + ".d");
                    CountingInput counted;
                    TarExtractor.Stats stats;
                    try (InputStream in = Files.newInputStream(downloaded);
                         CountingInput raw = new CountingInput(Decompression.open(c.compression(), in))) {
                        counted = raw;
                        stats = TarExtractor.extract(raw, tree, false);
                        raw.transferTo(java.io.OutputStream.nullOutputStream()); // tar's zero padding at the end
                    }
                    restored = new FactChecks.Restored(counted.count(), null, stats.entries(), stats.bytes());
                    FileTrees.delete(tree);
                    what = "extracted " + stats.entries() + " entries";
                }
                default -> {
                    long raw = BackupFetch.decompress(c, downloaded, dir.resolve(c.name() + ".out"));
                    restored = new FactChecks.Restored(raw, null, null, null);
                    what = "decompressed";
                }
            }
        } catch (IOException e) {
            if (e instanceof InterruptedIOException) {
                throw e;
            }
            findings.add(Finding.error(target.name(), id, c.file(), "does not restore: " + e.getMessage()));
            return;
        } finally {
            Files.deleteIfExists(downloaded);
        }
        List<Finding> diff = FactChecks.compare(target.name(), id, c, restored);
        findings.addAll(diff);
        String line = c.name() + " (" + c.type() + "): " + what + " in " + Math.round((System.nanoTime() - t) / 1e6)
                + " ms; " + (diff.stream().anyMatch(f -> f.severity().failing()) ? "MISMATCH" : "matches the manifest")
                + describe(restored);
        components.add(line);
        log.info("restore-test: " + line);
    }

    private static String describe(FactChecks.Restored r) {
        StringBuilder sb = new StringBuilder(" (" + r.rawBytes() + " bytes");
        if (r.tableRows() != null) {
            sb.append(", ").append(r.tableRows().size()).append(" tables, ")
                    .append(r.tableRows().values().stream().mapToLong(Long::longValue).sum()).append(" rows");
        }
        if (r.fileCount() != null) {
            sb.append(", ").append(r.fileCount()).append(" entries");
        }
        return sb.append(')').toString();
    }

    /** Drops scratch databases and removes scratch directories left by killed tests. */
    private List<String> sweep() throws InterruptedException {
        List<String> cleaned = new ArrayList<>();
        try {
            for (String p : ScratchDirs.sweep(scratchRoot)) {
                log.warn("restore-test: removed scratch directory " + p + " left by an earlier, interrupted restore test");
                cleaned.add(p);
            }
        } catch (IOException e) {
            log.warn("restore-test: cannot remove old scratch directories in " + scratchRoot + ": " + e.getMessage());
        }
        for (DatabaseServer server : allServers) {
            try {
                for (String db : server.databases(ScratchNames.PREFIX)) {
                    server.drop(db);
                    log.warn("restore-test: dropped scratch database " + db + " left by an earlier, interrupted restore test");
                    cleaned.add(db);
                }
            } catch (IOException e) {
                log.warn("restore-test: cannot look for old scratch databases: " + e.getMessage());
            }
        }
        return cleaned;
    }

    private void cleanup(Path dir, List<Scratch> databases) {
        for (Scratch scratch : databases) {
            String db = scratch.database();
            try {
                scratch.server().drop(db);
            } catch (IOException | InterruptedException | RuntimeException e) {
                log.error("restore-test: cannot drop scratch database " + db + " (the next restore test drops it): "
                        + e.getMessage());
            }
        }
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            log.error("restore-test: cannot remove scratch directory " + dir + " (the next restore test removes it): " + e);
        }
    }
}
