package dev.backstop.target;

import dev.backstop.commit.BackupSetCommitter;
import dev.backstop.commit.BackupSetLayout;
import dev.backstop.core.BackupId;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.LogPositionEntry;
import dev.backstop.core.Manifest;
import dev.backstop.core.Sha256;
import dev.backstop.core.SourceFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a backup set as a run would hand it to the committer: spool files and their manifest. */
public final class TestSets {

    public static final String HOST = "api-gateway";
    public static final BackupId ID = BackupId.parse("20251104T020001Z");

    private TestSets() {
    }

    /** The manifest and the spool files of one set. */
    public record SpooledSet(Manifest manifest, Map<String, Path> files) {

        public BackupId id() {
            return BackupId.parse(manifest.id());
        }

        public String finalDir() {
            return BackupSetLayout.finalDir(HOST, id());
        }

        public String partialDir() {
            return BackupSetLayout.partialDir(HOST, id());
        }
    }

    /** A set of two components (a small one and 256 KiB of random bytes) with the given id. */
    public static SpooledSet twoComponents(Path spool, BackupId id) throws IOException {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        contents.put("appdb.sql.gz", ("-- dump of " + id + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        contents.put("application.tar.gz", TestStreams.randomBytes(256 * 1024, id.time().getEpochSecond()));
        return spooled(spool, id, contents);
    }

    /**
     * A set of two components, like {@link #twoComponents}, whose files component
     * ({@code application}) stands at {@code increment} in a chain of incremental archives.
     */
    public static SpooledSet chained(Path spool, BackupId id, ComponentIncrement increment) throws IOException {
        SpooledSet set = twoComponents(spool, id);
        // the copy of the snapshot state that travels with every archive of a chain
        byte[] snapshot = ("GNU tar-1.35-2\n" + id).getBytes(StandardCharsets.UTF_8);
        Path snapshotFile = Files.write(spool.resolve(id.toString()).resolve("application.snapshot.gz"), snapshot);
        ComponentIncrement withCopy = increment.withSnapshot(new ComponentIncrement.SnapshotFile(
                "application.snapshot.gz", snapshot.length, Sha256.of(snapshot)));
        List<ComponentEntry> entries = new ArrayList<>();
        for (ComponentEntry c : set.manifest().components()) {
            entries.add(c.name().equals("application") ? new ComponentEntry(c.name(), "files", c.file(), c.compression(),
                    c.bytes(), c.rawBytes(), c.sha256(), c.durationMs(), SourceFacts.files(1200, 1200, 3 * c.bytes(),
                    List.of(), List.of()), null, withCopy) : c);
        }
        Map<String, Path> files = new LinkedHashMap<>(set.files());
        files.put("application.snapshot.gz", snapshotFile);
        Manifest m = set.manifest();
        return new SpooledSet(new Manifest(m.formatVersion(), m.id(), m.host(), m.backstopVersion(), m.started(),
                m.finished(), entries, m.anomalies()), files);
    }

    /**
     * {@code set} without the dump of {@code source}: it records the source's binary-log position
     * instead, building on the dump of set {@code dump}.
     */
    public static SpooledSet positionOnly(SpooledSet set, String source, String dump) {
        Manifest m = set.manifest();
        ComponentEntry dropped = m.components().stream().filter(c -> c.name().equals(source)).findFirst().orElseThrow();
        Map<String, Path> files = new LinkedHashMap<>(set.files());
        files.remove(dropped.file());
        LogPositionEntry position = new LogPositionEntry(source, "mysql",
                new SourceFacts.BinlogPosition("bin.000002", 1234, "0-1-9"), m.finished(), dump,
                "full_dump_every 1d not due");
        return new SpooledSet(Manifest.forComponents(m.id(), m.host(), m.backstopVersion(), m.started(), m.finished(),
                m.components().stream().filter(c -> c != dropped).toList(), m.anomalies(), List.of(position)), files);
    }

    /**
     * Commits a chain of sets, one per id, to {@code target}: the first a full, each other an
     * increment on the one before. Returns the ids as committed.
     */
    public static List<BackupId> commitChain(Target target, Path spool, List<String> ids) throws Exception {
        List<BackupId> committed = new ArrayList<>();
        ComponentIncrement increment = null;
        for (String text : ids) {
            BackupId id = BackupId.parse(text);
            increment = increment == null ? ComponentIncrement.full(text) : increment.next(committed.get(committed.size() - 1).toString());
            SpooledSet set = chained(spool.resolve(text), id, increment);
            new BackupSetCommitter().commit(target, HOST, set.manifest(), set.files());
            committed.add(id);
        }
        return committed;
    }

    /** A set with exactly these component files. */
    public static SpooledSet spooled(Path spool, BackupId id, Map<String, byte[]> contents) throws IOException {
        Path dir = Files.createDirectories(spool.resolve(id.toString()));
        List<ComponentEntry> entries = new ArrayList<>();
        Map<String, Path> files = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> c : contents.entrySet()) {
            Path file = Files.write(dir.resolve(c.getKey()), c.getValue());
            String name = c.getKey().substring(0, c.getKey().indexOf('.'));
            entries.add(new ComponentEntry(name, "command", c.getKey(), "gzip", c.getValue().length,
                    c.getValue().length * 3L, Sha256.of(c.getValue()), 42, SourceFacts.none()));
            files.put(c.getKey(), file);
        }
        Instant started = id.time();
        Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id.toString(), HOST, "0.1.0-test",
                started, started.plusSeconds(61), entries, List.of());
        return new SpooledSet(manifest, files);
    }
}
