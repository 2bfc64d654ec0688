package dev.backstop.verify;

import dev.backstop.commit.BackupSets;
import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.LogPositionEntry;
import dev.backstop.core.PreflightException;
import dev.backstop.core.EventLog;
import dev.backstop.core.FileTrees;
import dev.backstop.core.Progress;
import dev.backstop.core.TargetException;
import dev.backstop.encryption.AgeIdentity;
import dev.backstop.registry.Kinds;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.LogReplayer;
import dev.backstop.source.RestoreEnvironmentException;
import dev.backstop.source.RestoreScratch;
import dev.backstop.source.Restored;
import dev.backstop.source.SourceKind;
import dev.backstop.source.StoredComponent;
import dev.backstop.target.Target;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code restore-test} workflow: removes what a killed earlier test left (scratch databases
 * named by {@link ScratchNames} older than {@link ScratchNames#STALE_AFTER} on the sources' own
 * servers, scratch directories), downloads a backup into
 * {@code state_dir/restore-test/<run id>/} checking every hash, restores each component into
 * scratch space and compares it with the manifest ({@link FactChecks}); an incremental files
 * archive is restored with every archive of its chain, and the tree that results is compared with
 * the facts of the newest manifest, which describe the whole tree. A source that the set records
 * by its log position only is tested by the dump that position builds on, never passed on the
 * position alone; without that dump on the target the test fails. Scratch databases and
 * files are removed in every case, also on failure and interrupt. The caller holds a lock that
 * keeps a second restore test off the same state directory, but a source's server may also see
 * tests from other hosts: only scratch databases older than any test runs are swept there.
 */
public final class RestoreTest {

    /** A scratch database that exists until it is dropped. */
    private record Scratch(DatabaseServer server, String database) {
    }

    /** The scratch space of one component: a directory of the test's, and databases it registers for dropping. */
    private final class ComponentScratch implements RestoreScratch {
        private final Path dir;
        private final ComponentEntry component;
        private final String runId;
        private final List<Scratch> databases;

        ComponentScratch(Path dir, ComponentEntry component, String runId, List<Scratch> databases) {
            this.dir = dir;
            this.component = component;
            this.runId = runId;
            this.databases = databases;
        }

        @Override
        public Path directory() {
            return dir;
        }

        @Override
        public DatabaseServer server() throws NoServerException {
            return servers.apply(component.name()).orElseThrow(() -> new NoServerException("source " + component.name()
                    + " (" + component.type() + ") is not in the configuration, so there is no server to restore its"
                    + " dump into"));
        }

        @Override
        public Progress progress() {
            return progress;
        }

        @Override
        public String database() {
            String name = ScratchNames.database(runId, component.name());
            servers.apply(component.name()).ifPresent(server -> databases.add(new Scratch(server, name)));
            return name;
        }
    }

    private final String host;
    private final Path scratchRoot;
    private final Function<String, Optional<DatabaseServer>> servers;
    private final Collection<DatabaseServer> allServers;
    private final Clock clock;
    private final EventLog log;
    private final Progress progress;
    private final DecryptionKey key;
    private Function<String, Optional<LogReplayer>> replayers = name -> Optional.empty();
    private Function<String, Optional<DatabaseServer>> chainServers = name -> Optional.empty();

    /**
     * @param scratchRoot {@code state_dir/restore-test}
     * @param servers     the database server of a source, by source name (empty: not a database source)
     * @param allServers  every configured database server, swept for stale scratch databases
     * @param key         decrypts encrypted components; loaded only when the backup has some
     */
    public RestoreTest(String host, Path scratchRoot, Function<String, Optional<DatabaseServer>> servers,
                       Collection<DatabaseServer> allServers, Clock clock, EventLog log, Progress progress,
                       DecryptionKey key) {
        this.key = key;
        this.host = host;
        this.scratchRoot = scratchRoot;
        this.servers = servers;
        this.allServers = List.copyOf(allServers);
        this.clock = clock;
        this.log = log;
        this.progress = progress;
    }

    /**
     * Also tests the log chain of each source whose logs are archived: the dump of the backup
     * before, with the archived logs replayed up to the position the tested dump recorded, must
     * hold as many rows in every table as the tested dump ({@link ChainTest}).
     *
     * @param replayers    the replayer of a source's archived logs, by source name (empty: not archived)
     * @param chainServers the disposable server a source's chain is replayed on (empty: none, and the
     *                     chain is not tested, since a replay never runs on a production server)
     */
    public RestoreTest withLogChains(Function<String, Optional<LogReplayer>> replayers,
                                     Function<String, Optional<DatabaseServer>> chainServers) {
        this.replayers = replayers;
        this.chainServers = chainServers;
        return this;
    }

    /**
     * Tests one backup ({@code backupId}, or the newest complete one when null) from {@code target}.
     *
     * @throws TargetException      the target cannot be listed or holds no such backup
     * @throws PreflightException   the backup is encrypted and the identity cannot be loaded; nothing was downloaded
     * @throws InterruptedException interrupted; scratch space was removed first
     */
    public RestoreTestReport run(Target target, String backupId)
            throws TargetException, PreflightException, InterruptedException, IOException {
        Instant started = clock.instant();
        String runId = ScratchNames.runId(started);
        List<String> cleaned = sweep();
        long t0 = System.nanoTime();
        List<BackupSet> listed = BackupSets.list(target, host);
        BackupSet set = BackupFetch.find(target, listed, host, backupId);
        String id = set.id().toString();
        log.info("restore-test: backup " + id + " from target " + target.name() + " (" + target.type() + ")");
        Map<String, Chains.Chain> chains = new HashMap<>();
        // a source the set records by its log position only is tested by the dump that position builds on
        Map<String, BackupSet> dumpSets = new HashMap<>();
        List<ComponentEntry> tested = new ArrayList<>();
        List<Finding> noDump = new ArrayList<>();
        if (set.manifest() != null) {
            tested.addAll(set.manifest().components());
            for (LogPositionEntry p : set.manifest().logPositions()) {
                Optional<BackupSet> holding = listed.stream()
                        .filter(b -> b.complete() && b.id().toString().equals(p.dump())).findFirst();
                Optional<ComponentEntry> dump = holding.flatMap(b -> b.manifest().components().stream()
                        .filter(c -> c.name().equals(p.name())).findFirst());
                if (dump.isEmpty()) {
                    noDump.add(Finding.error(target.name(), id, null, "backup " + id + " holds no dump of " + p.name()
                            + ", only its binary-log position " + p.describe() + " on the dump of backup " + p.dump()
                            + ", which target " + target.name() + " does not hold complete: " + p.name()
                            + " cannot be restored from this backup"));
                    continue;
                }
                log.info("restore-test: backup " + id + " holds no dump of " + p.name() + ", only its binary-log"
                        + " position " + p.describe() + "; testing the dump of backup " + p.dump() + " it builds on");
                dumpSets.put(p.name(), holding.get());
                tested.add(dump.get());
            }
            for (ComponentEntry c : tested) {
                chains.put(c.name(), Chains.of(listed, dumpSets.getOrDefault(c.name(), set), c));
            }
        }
        AgeIdentity identity = chains.values().stream().flatMap(c -> c.links().stream())
                .anyMatch(l -> l.component().encrypted()) ? key.load() : null;
        List<Finding> findings = new ArrayList<>();
        List<String> components = new ArrayList<>();
        List<String> logChains = new ArrayList<>(); // what the tests of archived log chains found, a line each
        long[] bytes = {0};
        Path dir = ScratchDirs.create(scratchRoot.resolve(runId));
        List<Scratch> databases = new ArrayList<>();
        try {
            findings.addAll(BackupFetch.check(target, set));
            findings.addAll(noDump);
            if (set.manifest() != null) {
                for (ComponentEntry c : tested) {
                    boolean known = findings.stream().anyMatch(f -> f.severity().failing() && c.file().equals(f.file()));
                    if (!SetChecks.safeName(c.file()) || known) {
                        continue; // already reported as missing, wrongly sized or unsafe
                    }
                    Finding broken = Restore.brokenChain(target, id, c, chains.get(c.name()));
                    if (broken != null) {
                        findings.add(broken);
                        continue;
                    }
                    int before = components.size();
                    testComponent(target, chains.get(c.name()), identity, dir, runId, databases, findings, components,
                            bytes);
                    if (dumpSets.containsKey(c.name()) && components.size() > before) {
                        components.set(before, components.get(before) + " (the dump of backup "
                                + dumpSets.get(c.name()).id() + ": backup " + id + " records only the log position "
                                + set.manifest().logPosition(c.name()).orElseThrow().describe() + " of " + c.name() + ")");
                    }
                }
                for (ComponentEntry c : tested) {
                    Optional<LogReplayer> replayer = replayers.apply(c.name());
                    if (replayer.isPresent() && c.facts() != null && c.facts().binlog() != null) {
                        new ChainTest(host, replayer.get(), chainServers.apply(c.name()), key, progress, log)
                                .run(target, dumpSets.getOrDefault(c.name(), set), c, dir, findings, logChains);
                    }
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
                findings, logChains, List.of());
    }

    /** Downloads and tests one component, with every archive of its chain when it is an increment. */
    private void testComponent(Target target, Chains.Chain chain, AgeIdentity identity, Path dir, String runId,
                               List<Scratch> databases, List<Finding> findings, List<String> components, long[] bytes)
            throws IOException, InterruptedException {
        Chains.Link newest = chain.links().get(chain.links().size() - 1);
        ComponentEntry c = newest.component();
        String id = newest.id();
        StoredComponent downloaded = BackupFetch.download(target, chain, dir, progress, identity, findings);
        if (downloaded == null) {
            return;
        }
        bytes[0] += chain.links().stream().mapToLong(l -> l.component().bytes()).sum();
        long t = System.nanoTime();
        Optional<SourceKind> kind = Kinds.source(c.type());
        if (kind.isEmpty()) {
            deleteAll(downloaded);
            findings.add(Finding.error(target.name(), id, c.file(), "component " + c.name() + " is of type '" + c.type()
                    + "', which this version of backstop cannot restore, so it was not tested"));
            return;
        }
        Restored restored;
        try {
            restored = kind.get().restorer().test(downloaded, new ComponentScratch(dir, c, runId, databases));
        } catch (RestoreEnvironmentException e) {
            throw e; // the test could not run here: not a finding against the backup
        } catch (RestoreScratch.NoServerException e) {
            findings.add(Finding.error(target.name(), id, c.file(), e.getMessage()));
            return;
        } catch (IOException e) {
            if (e instanceof InterruptedIOException) {
                throw e;
            }
            findings.add(Finding.error(target.name(), id, c.file(), "does not restore: " + e.getMessage()));
            return;
        } finally {
            deleteAll(downloaded);
            if (!Thread.currentThread().isInterrupted()) {
                dropAll(databases); // else the test's own cleanup drops them, once the interrupt is set aside
            }
        }
        List<Finding> diff = FactChecks.compare(target.name(), id, c, restored);
        findings.addAll(diff);
        String line = c.name() + " (" + c.type() + "): " + restored.how() + " in "
                + dev.backstop.core.Durations.human(Duration.ofNanos(System.nanoTime() - t)) + "; " + (diff.stream().anyMatch(f -> f.severity().failing()) ? "MISMATCH" : "matches the manifest")
                + describe(restored);
        components.add(line);
        log.info("restore-test: " + line);
    }

    private static void deleteAll(StoredComponent downloaded) throws IOException {
        for (StoredComponent archive : downloaded.chain()) {
            Files.deleteIfExists(archive.file());
        }
    }

    private static String describe(Restored r) {
        // a tree is described by its content: an increment's archive holds only what changed
        StringBuilder sb = new StringBuilder(" (" + (r.fileBytes() != null ? r.fileBytes() + " bytes of file content"
                : r.rawBytes() + " bytes"));
        if (r.tableRows() != null) {
            sb.append(", ").append(r.tableRows().size()).append(" tables, ")
                    .append(r.tableRows().values().stream().mapToLong(Long::longValue).sum()).append(" rows");
        }
        if (r.fileCount() != null) {
            sb.append(", ").append(r.fileCount()).append(" files");
        }
        if (r.entries() != null) {
            sb.append(", ").append(r.entries()).append(" entries");
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
                    if (!ScratchNames.isStale(db, clock.instant())) {
                        log.info("restore-test: left scratch database " + db + " alone: younger than "
                                + ScratchNames.STALE_AFTER.toHours() + " h, or not named as this version names them,"
                                + " it may belong to a restore test running elsewhere");
                        continue;
                    }
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
        dropAll(databases);
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            log.error("restore-test: cannot remove scratch directory " + dir + " (the next restore test removes it): " + e);
        }
    }

    /** Drops the scratch databases created so far; a failure is logged, and the next restore test drops them. */
    private void dropAll(List<Scratch> databases) {
        for (Scratch scratch : List.copyOf(databases)) {
            String db = scratch.database();
            try {
                scratch.server().drop(db);
                databases.remove(scratch);
            } catch (IOException | InterruptedException | RuntimeException e) {
                log.error("restore-test: cannot drop scratch database " + db + " (the next restore test drops it): "
                        + e.getMessage());
            }
        }
    }
}
