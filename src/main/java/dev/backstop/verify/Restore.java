package dev.backstop.verify;

import dev.backstop.commit.BackupSets;
import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ConfigException;
import dev.backstop.core.PreflightException;
import dev.backstop.core.EventLog;
import dev.backstop.core.FileTrees;
import dev.backstop.core.LogPositionEntry;
import dev.backstop.core.Progress;
import dev.backstop.core.TargetException;
import dev.backstop.encryption.AgeIdentity;
import dev.backstop.registry.Kinds;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.RestoreDestination;
import dev.backstop.source.SourceKind;
import dev.backstop.source.StoredComponent;
import dev.backstop.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The {@code restore} workflow for disaster recovery. Refuses, before it downloads anything, a
 * non-empty destination directory or an existing database unless forced. Downloads the chosen
 * components into scratch space with their hashes checked and writes nothing when any of them
 * is not what the manifest records. Then: files components are extracted to
 * {@code <dir>/<name>/} (modes, times and, as root, owners), database dumps are loaded into
 * their new database names (or written as {@code <dir>/<name>.sql} when none is given), SQLite
 * databases become {@code <dir>/<name>.db} (integrity-checked), command outputs
 * {@code <dir>/<name>.txt}. An incremental files archive comes back with every archive of its
 * chain, from the full on, downloaded and checked first, then applied oldest first; a chain with a
 * set missing restores nothing and names the set ({@link Chains}). A source that the set records
 * by its binary-log position only ({@code log_positions}) comes back as the dump that position
 * builds on, from the set that holds it, and the report says so and how to reach the position
 * ({@code restore --at}); without that set on the target nothing is restored.
 */
public final class Restore {

    private final String host;
    private final Path scratchRoot;
    private final Function<String, Optional<DatabaseServer>> servers;
    private final Clock clock;
    private final EventLog log;
    private final Progress progress;
    private final DecryptionKey key;

    public Restore(String host, Path scratchRoot, Function<String, Optional<DatabaseServer>> servers, Clock clock,
                   EventLog log, Progress progress, DecryptionKey key) {
        this.key = key;
        this.host = host;
        this.scratchRoot = scratchRoot;
        this.servers = servers;
        this.clock = clock;
        this.log = log;
        this.progress = progress;
    }

    /** As {@link #run(List, RestoreRequest)} from this one target. */
    public RestoreReport run(Target target, RestoreRequest request)
            throws ConfigException, TargetException, PreflightException, IOException, InterruptedException {
        return run(List.of(target), request);
    }

    /**
     * Restores from the first of {@code targets}; when an increment to restore needs an earlier
     * set that target lacks, from the next that holds the set and every archive of its chain. The
     * archives of a chain are all downloaded and checked before anything is written.
     *
     * @param targets the target to restore from, then those to fall back on for a chain; not empty
     * @return the report; when a component is not intact, or its chain is broken on every target,
     *         it says so (naming the missing set) and nothing was restored
     * @throws ConfigException      the request cannot be carried out as asked (unknown component,
     *                              non-empty directory, existing database); nothing was written
     * @throws TargetException      the first target holds no such backup
     * @throws PreflightException   components to restore are encrypted and the identity cannot be
     *                              loaded; nothing was written
     */
    public RestoreReport run(List<Target> targets, RestoreRequest request)
            throws ConfigException, TargetException, PreflightException, IOException, InterruptedException {
        long t0 = System.nanoTime();
        Target target = targets.get(0);
        List<BackupSet> listed = BackupSets.list(target, host);
        BackupSet set = BackupFetch.find(target, listed, host, request.backupId());
        String id = set.id().toString();
        List<Finding> findings = new ArrayList<>(BackupFetch.check(target, set));
        if (set.manifest() == null) {
            return new RestoreReport(target.name(), id, elapsed(t0), List.of(), findings);
        }
        Map<String, BackupSet> dumpSets = new LinkedHashMap<>();
        List<ComponentEntry> dumps = new ArrayList<>();
        for (LogPositionEntry p : positions(set, request)) {
            Optional<BackupSet> holding = listed.stream().filter(b -> b.complete() && b.id().toString().equals(p.dump()))
                    .findFirst();
            Optional<ComponentEntry> dump = holding.flatMap(b -> b.manifest().components().stream()
                    .filter(c -> c.name().equals(p.name())).findFirst());
            if (dump.isEmpty()) {
                findings.add(Finding.error(target.name(), id, null, "backup " + id + " holds no dump of " + p.name()
                        + ", only its binary-log position " + p.describe() + " on the dump of backup " + p.dump()
                        + ", which target " + target.name() + " does not hold complete; restore from a target that"
                        + " holds it (--target), or restore --at with a moment of your choice"));
                return new RestoreReport(target.name(), id, elapsed(t0), List.of(), findings);
            }
            dumpSets.put(p.name(), holding.get());
            dumps.add(dump.get());
        }
        List<ComponentEntry> chosen = choose(set, request, dumps);
        refuseExisting(request, chosen);
        BackupSet asked = set;
        List<Chains.Chain> chains = chosen.stream().map(c -> Chains.of(listed, dumpSets.getOrDefault(c.name(), asked), c))
                .toList();
        if (chains.stream().anyMatch(c -> !c.complete())) {
            for (Target other : targets.subList(1, targets.size())) {
                Optional<List<Chains.Chain>> whole = wholeChains(other, id, chosen);
                if (whole.isPresent()) {
                    log.warn("restore: target " + target.name() + " lacks backup " + chains.stream()
                            .filter(c -> !c.complete()).findFirst().orElseThrow().missing() + " of the chain of " + id
                            + "; restoring from target " + other.name() + ", which holds the whole chain");
                    target = other;
                    chains = whole.get();
                    set = chains.get(0).links().get(chains.get(0).links().size() - 1).set();
                    findings = new ArrayList<>(BackupFetch.check(target, set));
                    break;
                }
            }
        }
        List<Finding> broken = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            Finding f = brokenChain(target, id, chosen.get(i), chains.get(i));
            if (f != null) {
                broken.add(f);
            }
        }
        if (!broken.isEmpty()) {
            findings.addAll(broken);
            log.error("restore: backup " + id + " cannot be restored from target " + target.name() + ": "
                    + broken.get(0).problem() + "; nothing was restored");
            return new RestoreReport(target.name(), id, elapsed(t0), List.of(), findings);
        }
        AgeIdentity identity = chains.stream().flatMap(c -> c.links().stream())
                .anyMatch(l -> l.component().encrypted()) ? key.load() : null;
        Path scratch = ScratchDirs.create(scratchRoot.resolve("restore-" + ScratchNames.runId(clock.instant())));
        List<String> restored = new ArrayList<>();
        try {
            List<StoredComponent> downloaded = new ArrayList<>();
            for (Chains.Chain chain : chains) {
                downloaded.add(BackupFetch.download(target, chain, scratch, progress, identity, findings));
            }
            if (findings.stream().anyMatch(f -> f.severity().failing())) {
                log.error("restore: backup " + id + " is not intact on target " + target.name()
                        + "; nothing was restored. Choose another backup (backstop list) or another target");
                return new RestoreReport(target.name(), id, elapsed(t0), List.of(), findings);
            }
            if (request.toDir() != null) {
                Files.createDirectories(request.toDir());
            }
            for (StoredComponent c : downloaded) {
                if (!c.earlier().isEmpty()) {
                    log.info("restore: " + c.name() + " is level " + c.entry().incremental().level() + " of a chain of"
                            + " incremental archives; applying, oldest first, those of backups "
                            + String.join(", ", c.chain().stream().map(StoredComponent::backupId).toList()));
                }
                String line = restoreOne(c, scratch, request);
                Optional<LogPositionEntry> position = set.manifest().logPosition(c.name());
                if (position.isPresent()) {
                    LogPositionEntry p = position.get();
                    line = line + " (from the dump of backup " + p.dump() + ", as of that backup: backup " + id
                            + " holds no dump of " + c.name() + ", only its binary-log position " + p.describe()
                            + "; for " + c.name() + " as of " + id + ": backstop restore --at "
                            + p.readAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " --database " + c.name()
                            + "=NEWNAME)";
                }
                restored.add(line);
                log.info("restore: " + line);
            }
        } finally {
            boolean interrupted = Thread.interrupted();
            try {
                FileTrees.delete(scratch);
            } catch (IOException e) {
                log.warn("restore: cannot remove scratch directory " + scratch + ": " + e.getMessage());
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return new RestoreReport(target.name(), id, elapsed(t0), restored, findings);
    }

    /** The chain of each chosen component, in the same order; a component that restores alone is a chain of one. */
    private static List<Chains.Chain> chainsIn(List<BackupSet> listed, BackupSet set, List<ComponentEntry> chosen) {
        return chosen.stream().map(c -> Chains.of(listed, set, c)).toList();
    }

    /** The chains of the same components of backup {@code id} on {@code target}, when every one is complete there. */
    private Optional<List<Chains.Chain>> wholeChains(Target target, String id, List<ComponentEntry> chosen) {
        try {
            List<BackupSet> listed = BackupSets.list(target, host);
            BackupSet set = BackupFetch.find(target, listed, host, id);
            if (!set.complete()) {
                return Optional.empty();
            }
            List<ComponentEntry> same = new ArrayList<>();
            for (ComponentEntry c : chosen) {
                Optional<ComponentEntry> there = set.manifest().components().stream()
                        .filter(e -> e.name().equals(c.name())).findFirst();
                if (there.isEmpty()) {
                    return Optional.empty();
                }
                same.add(there.get());
            }
            List<Chains.Chain> chains = chainsIn(listed, set, same);
            return chains.stream().allMatch(Chains.Chain::complete) ? Optional.of(chains) : Optional.empty();
        } catch (TargetException e) {
            log.warn("restore: cannot look for the chain of " + id + " on target " + target.name() + ": "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    /** A finding when {@code c} is an increment whose chain is broken, or whose kind restores no chains; else null. */
    static Finding brokenChain(Target target, String id, ComponentEntry c, Chains.Chain chain) {
        if (!c.needsEarlierSets()) {
            return null;
        }
        if (!Kinds.source(c.type()).map(k -> k.restorer().restoresChains()).orElse(false)) {
            return Finding.error(target.name(), id, c.file(), "is an incremental archive of type '" + c.type()
                    + "', which this version of backstop cannot restore; restore it with the standard tools"
                    + " (docs/disaster-recovery.md)");
        }
        if (chain.complete()) {
            return null;
        }
        return Finding.error(target.name(), id, c.file(), "cannot be restored: its chain of incremental archives is"
                + " broken on target " + target.name() + ": " + chain.problem() + ". Restore from a target that holds"
                + " backup " + chain.missing() + " (--target), or choose a backup whose chain is complete (backstop list)");
    }

    private String restoreOne(StoredComponent component, Path scratch, RestoreRequest request)
            throws IOException, InterruptedException {
        ComponentEntry c = component.entry();
        Optional<SourceKind> kind = Kinds.source(c.type());
        if (kind.isEmpty()) {
            // nothing is lost: the content is there for the tools of the version that wrote it
            Path out = request.toDir().resolve(c.name() + ".out");
            component.decompressTo(out);
            return c.name() + ": component type '" + c.type() + "' is unknown to this version of backstop; its content"
                    + " was decompressed to " + out;
        }
        String database = request.databases().get(c.name());
        DatabaseServer server = database == null ? null : servers.apply(c.name()).orElseThrow();
        return kind.get().restorer().restore(component, new RestoreDestination(request.toDir(), scratch, database,
                server, request.force(), isRoot(), progress, request.stripSourcePath()));
    }

    /** The sources asked for that the set records by their log position only. */
    private static List<LogPositionEntry> positions(BackupSet set, RestoreRequest request) {
        return set.manifest().logPositions().stream()
                .filter(p -> request.only().isEmpty() || request.only().contains(p.name())).toList();
    }

    /**
     * @param dumps the dumps, from earlier sets, of the sources the set records by their log
     *              position only, already chosen by {@link #positions}
     */
    private static List<ComponentEntry> choose(BackupSet set, RestoreRequest request, List<ComponentEntry> dumps)
            throws ConfigException {
        List<String> names = Stream.concat(set.manifest().components().stream().map(ComponentEntry::name),
                set.manifest().logPositions().stream().map(LogPositionEntry::name)).toList();
        for (String wanted : request.only()) {
            if (!names.contains(wanted)) {
                throw new ConfigException("--only " + wanted + ": backup " + set.id() + " has no such component (it has: "
                        + String.join(", ", names) + ")");
            }
        }
        List<ComponentEntry> chosen = Stream.concat(set.manifest().components().stream()
                .filter(c -> request.only().isEmpty() || request.only().contains(c.name())), dumps.stream())
                .filter(c -> SetChecks.safeName(c.file())).toList();
        for (String source : request.databases().keySet()) {
            ComponentEntry c = chosen.stream().filter(e -> e.name().equals(source)).findFirst().orElse(null);
            if (c == null || !Kinds.source(c.type()).map(k -> k.restorer().loadsIntoDatabase()).orElse(false)) {
                String kinds = String.join(" or ", Kinds.SOURCES.stream().filter(k -> k.restorer().loadsIntoDatabase())
                        .map(SourceKind::type).toList());
                throw new ConfigException("--database " + source + "=...: no " + kinds + " component named " + source
                        + " is being restored from backup " + set.id());
            }
        }
        List<String> asFiles = chosen.stream().map(ComponentEntry::name).filter(n -> !request.databases().containsKey(n))
                .toList();
        if (request.toDir() == null && !asFiles.isEmpty()) {
            throw new ConfigException("--to DIR is missing: from backup " + set.id() + ", " + String.join(", ", asFiles)
                    + " would be written to it (only what --database names is loaded into a server); add --to DIR, or"
                    + " restore the databases alone with --only " + String.join(",", request.databases().keySet()));
        }
        return chosen;
    }

    private static void refuseExistingFiles(Path dir, RestoreRequest request, List<ComponentEntry> chosen)
            throws ConfigException, IOException {
        if (Files.isDirectory(dir) && !request.force()) {
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) {
                    throw new ConfigException("--to " + dir + " is not empty; restore into an empty or new directory,"
                            + " or add --force to write into it");
                }
            }
        } else if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ConfigException("--to " + dir + " exists and is not a directory");
        }
        for (ComponentEntry c : chosen) {
            if (request.stripSourcePath() && Files.exists(dir.resolve(c.name()))) {
                throw new ConfigException("--strip-source-path: " + dir.resolve(c.name()) + " exists, and a stripped"
                        + " tree is moved into place whole, never merged into one; move it aside or restore elsewhere");
            }
        }
    }

    private void refuseExisting(RestoreRequest request, List<ComponentEntry> chosen)
            throws ConfigException, IOException, InterruptedException {
        if (request.toDir() != null) { // none when every component goes into a database (choose)
            refuseExistingFiles(request.toDir(), request, chosen);
        }
        for (ComponentEntry c : chosen) {
            String newName = request.databases().get(c.name());
            if (newName == null) {
                continue;
            }
            DatabaseServer server = servers.apply(c.name()).orElseThrow(() -> new ConfigException("--database "
                    + c.name() + "=" + newName + ": source " + c.name() + " is not in the configuration, so backstop"
                    + " does not know its server; restore it with the standard tools (docs/disaster-recovery.md)"));
            if (!request.force() && server.exists(newName)) {
                throw new ConfigException("--database " + c.name() + "=" + newName + ": database " + newName
                        + " already exists; choose a new name, or add --force to replace it (it is dropped first)");
            }
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Duration elapsed(long t0) {
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
