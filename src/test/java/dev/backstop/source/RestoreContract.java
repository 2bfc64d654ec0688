package dev.backstop.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.codec.CompressedFileWriter;
import dev.backstop.codec.Compression;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Progress;
import dev.backstop.core.SourceFacts;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.registry.Kinds;
import dev.backstop.verify.FactChecks;
import dev.backstop.verify.Finding;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every behaviour of a source kind's {@link ComponentRestorer}, on a real dump of real data stored
 * as a run stores it: it comes back as its manifest entry records it; a damaged component, or an
 * entry that claims more than the dump held, never passes; a restore gives an administrator the
 * file, tree or database; no scratch database outlives a restore test. A kind is done when its
 * fixture, a subclass of this annotated with {@link RestoreFixture}, passes; the registry's test
 * fails for a registered kind without one. The fixture supplies real data and what an
 * administrator expects of a restore; the kind under test is the registry's, and for a database kind
 * the server to restore into is the kind's own.
 */
public abstract class RestoreContract {

    /** Every database these tests create starts with this; nothing else does. */
    protected static final String PREFIX = "backstop_rc_";

    private static final String TARGET = "contract";
    private static final String BACKUP = "20251104T020001Z";

    @TempDir
    protected Path dir;

    /** Random letters and digits, so that the databases of tests running at once never meet. */
    protected final String suffix = DumpFixture.suffix();

    private SourceKind kind;
    private Optional<DatabaseServer> server = Optional.empty();
    private Dump dump;
    private final List<String> databases = new ArrayList<>();

    /** One component as a run stores it: its manifest entry, its file, and its uncompressed content. */
    protected record Dump(ComponentEntry entry, Path file, byte[] content) {
    }

    /** What a restore test did: what came back or why nothing did, and the scratch databases it asked for. */
    private record Outcome(Restored restored, IOException failure, List<String> asked, List<String> existedAfterwards) {
    }

    /** A configuration of the kind over real data made for this test: below {@link #dir}, or on this machine's server. */
    protected abstract SourceConfig createSource() throws Exception;

    /** Removes what {@link #createSource} made outside {@link #dir}; runs after every test, also when that failed. */
    protected void dropSource() throws Exception {
    }

    /** Checks, as an administrator would, what a restore wrote into {@code directory} when no database was named. */
    protected abstract void assertRestoredInto(Path directory, Dump dump) throws Exception;

    @BeforeEach
    void dumpTheSource() throws Exception {
        // the kind under test is the registry's instance of the class the fixture names
        RestoreFixture fixture = getClass().getAnnotation(RestoreFixture.class);
        assertThat(fixture).as("@RestoreFixture on %s", getClass().getSimpleName()).isNotNull();
        kind = Kinds.SOURCES.stream().filter(fixture.value()::isInstance).findFirst().orElseThrow(
                () -> new AssertionError(fixture.value().getSimpleName() + " is not in Kinds.SOURCES"));
        SourceConfig config = createSource();
        assertThat(config.type()).as("the type of the fixture's configuration").isEqualTo(kind.type());
        server = kind.server(config, new ProcessRunner(), Files.createDirectories(dir.resolve("client")));
        dump = dump(kind.create(config, new ProcessRunner()));
    }

    @AfterEach
    void dropDatabases() throws Exception {
        try {
            for (String database : databases) {
                if (server != null && server.isPresent()) {
                    server.get().drop(database); // idempotent: most are gone already
                }
            }
        } finally {
            dropSource();
        }
    }

    @Test
    void test_freshDump_comesBackAsItsManifestEntryRecordsIt() throws Exception {
        Outcome outcome = restoreTest(dump);

        assertThat(outcome.failure()).as("the restore test's failure").isNull();
        Restored restored = outcome.restored();
        assertThat(FactChecks.compare(TARGET, BACKUP, dump.entry(), restored)).isEmpty();
        assertThat(restored.how()).isNotBlank();
        assertThat(restored.rawBytes()).as("bytes that came back").isEqualTo(dump.content().length).isPositive();
        SourceFacts facts = dump.entry().facts();
        if (kind.restorer().loadsIntoDatabase()) {
            assertThat(facts.tableRows()).as("rows per table of a database kind's dump").isNotEmpty();
        }
        // FactChecks skips a fact that was not measured: each recorded one must have been
        if (facts.tableRows() != null) {
            assertThat(restored.tableRows()).as("rows per table counted in what came back").isEqualTo(facts.tableRows());
            assertThat(restored.tableRows().values().stream().mapToLong(Long::longValue).sum()).isPositive();
        }
        if (facts.fileCount() != null) {
            assertThat(restored.fileCount()).as("regular files that came back").isEqualTo(facts.fileCount()).isPositive();
        }
        if (facts.entries() != null) {
            assertThat(restored.entries()).as("entries that came back").isEqualTo(facts.entries())
                    .isGreaterThan(facts.fileCount());
        }
        if (facts.fileBytes() != null) {
            assertThat(restored.fileBytes()).as("file bytes that came back").isEqualTo(facts.fileBytes()).isPositive();
        }
    }

    @Test
    void test_componentCutInTheMiddle_neverPasses() throws Exception {
        // given: the content cut and stored again, so that its size and hash in the entry are right
        Dump cut = store("cut", firstHalf(), dump.entry().rawBytes(), dump.entry().facts());

        assertNeverPasses(cut, "a component cut in the middle");
    }

    @Test
    void test_componentCutWithItsSizesRecorded_isCaughtByWhatComesBack() throws Exception {
        SourceFacts facts = dump.entry().facts();
        Assumptions.assumeTrue(facts.tableRows() != null || facts.fileCount() != null, kind.type()
                + " records nothing but sizes, so a cut with matching sizes cannot be told from a whole component");
        byte[] half = firstHalf();

        assertNeverPasses(store("cut-sized", half, half.length, facts), "a cut component whose entry records the cut sizes");
    }

    @Test
    void test_entryClaimsOneMoreThanTheDumpHeld_neverPasses() throws Exception {
        ComponentEntry e = dump.entry();
        SourceFacts f = e.facts();
        Map<String, ComponentEntry> claims = new LinkedHashMap<>();
        claims.put("one more byte", entry(e, e.rawBytes() + 1, f));
        if (f.tableRows() != null) {
            String table = f.tableRows().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            SortedMap<String, Long> rows = new TreeMap<>(f.tableRows());
            rows.merge(table, 1L, Long::sum);
            claims.put("one more row in " + table, entry(e, e.rawBytes(), new SourceFacts(f.serverVersion(),
                    f.trailerSeen(), rows, f.fileCount(), f.fileBytes(), f.skipped(), f.changed(), f.binlog(), f.entries())));
        }
        if (f.fileCount() != null) {
            claims.put("one more file", entry(e, e.rawBytes(), new SourceFacts(f.serverVersion(), f.trailerSeen(),
                    f.tableRows(), f.fileCount() + 1, f.fileBytes(), f.skipped(), f.changed(), f.binlog(), f.entries())));
        }
        if (f.entries() != null) {
            claims.put("one more entry", entry(e, e.rawBytes(), new SourceFacts(f.serverVersion(), f.trailerSeen(),
                    f.tableRows(), f.fileCount(), f.fileBytes(), f.skipped(), f.changed(), f.binlog(), f.entries() + 1)));
        }
        if (f.fileBytes() != null) {
            claims.put("one more byte of file content", entry(e, e.rawBytes(), new SourceFacts(f.serverVersion(),
                    f.trailerSeen(), f.tableRows(), f.fileCount(), f.fileBytes() + 1, f.skipped(), f.changed(), f.binlog(),
                    f.entries())));
        }

        for (Map.Entry<String, ComponentEntry> claim : claims.entrySet()) {
            assertNeverPasses(new Dump(claim.getValue(), dump.file(), dump.content()), "an entry claiming " + claim.getKey());
        }
    }

    @Test
    void test_scratchDatabases_areTheOnesItWasGivenAndGoneAfterwards() throws Exception {
        Outcome passed = restoreTest(dump);
        Outcome failed = restoreTest(store("cut", firstHalf(), dump.entry().rawBytes(), dump.entry().facts()));

        if (kind.restorer().loadsIntoDatabase()) {
            assertThat(passed.asked()).as("scratch databases asked for").isNotEmpty();
            assertThat(passed.existedAfterwards()).as("scratch databases the dump was loaded into")
                    .isEqualTo(passed.asked());
            assertThat(server.orElseThrow().databases(scratchPrefix())).as("scratch databases left").isEmpty();
        } else {
            assertThat(passed.asked()).as("scratch databases asked for").isEmpty();
            assertThat(failed.asked()).as("scratch databases asked for").isEmpty();
        }
    }

    @Test
    void kind_offersAServer_exactlyWhenItsRestorerLoadsIntoDatabases() {
        assertThat(server.isPresent()).as("a server to restore into").isEqualTo(kind.restorer().loadsIntoDatabase());
    }

    @Test
    void restore_intoAFreshDirectory_givesWhatAnAdministratorExpects() throws Exception {
        Path to = Files.createDirectories(dir.resolve("restored"));

        String line = kind.restorer().restore(downloaded(dump), destination(to, null));

        assertThat(line).startsWith(dump.entry().name() + ": ");
        assertRestoredInto(to, dump);
    }

    @Test
    void restore_intoANewDatabase_holdsTheRowsOfTheManifest() throws Exception {
        Assumptions.assumeTrue(kind.restorer().loadsIntoDatabase(), kind.type() + " does not load into a database");
        String database = PREFIX + "r_" + suffix;
        databases.add(database);
        Path to = Files.createDirectories(dir.resolve("restored"));

        String line = kind.restorer().restore(downloaded(dump), destination(to, database));

        assertThat(line).startsWith(dump.entry().name() + ": ").contains(database);
        assertThat(server.orElseThrow().countRows(database)).isEqualTo(dump.entry().facts().tableRows());
        assertThat(to).as("the directory, when a database was named").isEmptyDirectory();
    }

    /** A restore test must throw or find a failing difference. */
    private void assertNeverPasses(Dump damaged, String what) throws Exception {
        Outcome outcome = restoreTest(damaged);
        if (outcome.failure() == null) {
            List<Finding> findings = FactChecks.compare(TARGET, BACKUP, damaged.entry(), outcome.restored());
            assertThat(findings).as("%s: the restore test passed (%s)", what, outcome.restored())
                    .anyMatch(finding -> finding.severity().failing());
        }
    }

    /** Restores as restore-test does: from a download of its own, dropping every scratch database afterwards. */
    private Outcome restoreTest(Dump component) throws Exception {
        Scratch scratch = new Scratch(Files.createTempDirectory(dir, "scratch-"));
        StoredComponent download = new StoredComponent(component.entry(), Files.copy(component.file(),
                scratch.directory().resolve(component.entry().file())));
        Restored restored = null;
        IOException failure = null;
        List<String> existed = new ArrayList<>();
        try {
            restored = kind.restorer().test(download, scratch);
        } catch (IOException e) {
            failure = e;
        } finally {
            for (String database : scratch.asked) {
                if (server.isPresent() && server.get().exists(database)) {
                    existed.add(database);
                    server.get().drop(database);
                }
            }
        }
        return new Outcome(restored, failure, List.copyOf(scratch.asked), existed);
    }

    /** The scratch space of one restore test: a private directory, and databases whose names it hands out. */
    private final class Scratch implements RestoreScratch {
        private final Path directory;
        private final List<String> asked = new ArrayList<>();

        Scratch(Path directory) {
            this.directory = directory;
        }

        @Override
        public Path directory() {
            return directory;
        }

        @Override
        public DatabaseServer server() throws NoServerException {
            return server.orElseThrow(() -> new NoServerException(kind.type() + " has no server"));
        }

        @Override
        public String database() {
            String name = scratchPrefix() + "_" + asked.size();
            asked.add(name);
            databases.add(name);
            return name;
        }
    }

    private String scratchPrefix() {
        return PREFIX + "t_" + suffix;
    }

    /** The source's dump of this test, as a restore finds it after the download. */
    protected StoredComponent downloaded() throws IOException {
        return downloaded(dump);
    }

    private StoredComponent downloaded(Dump component) throws IOException {
        Path download = Files.createTempDirectory(dir, "download-").resolve(component.entry().file());
        return new StoredComponent(component.entry(), Files.copy(component.file(), download));
    }

    private RestoreDestination destination(Path to, String database) throws IOException {
        return new RestoreDestination(to, Files.createTempDirectory(dir, "restore-scratch-"), database,
                database == null ? null : server.orElseThrow(), false, false, Progress.NONE);
    }

    private byte[] firstHalf() {
        return Arrays.copyOf(dump.content(), dump.content().length / 2);
    }

    /** The source's dump, stored as ComponentDumper stores it in a run: named, gzipped, counted and hashed in one pass. */
    private Dump dump(Source source) throws Exception {
        source.preflight();
        Path scratch = Files.createDirectories(dir.resolve("dump-scratch"));
        List<String> warnings = new ArrayList<>();
        String file = source.name() + "." + source.extension() + "." + Compression.GZIP.suffix();
        Path stored = Files.createDirectories(dir.resolve("stored")).resolve(file);
        CompressedFileWriter writer = CompressedFileWriter.create(stored, Compression.GZIP);
        SourceFacts facts;
        try {
            facts = source.dump(writer.stream(), new SourceContext(scratch, warnings::add));
        } finally {
            writer.close();
        }
        assertThat(warnings).as("warnings of the dump").isEmpty();
        CompressedFileWriter.Result r = writer.result();
        ComponentEntry entry = new ComponentEntry(source.name(), source.type(), file, Compression.GZIP.configName(),
                r.bytes(), r.rawBytes(), r.sha256(), 1, facts);
        byte[] content;
        try (InputStream in = new StoredComponent(entry, stored).open()) {
            content = in.readAllBytes();
        }
        assertThat((long) content.length).as("uncompressed bytes of the dump").isEqualTo(r.rawBytes()).isPositive();
        return new Dump(entry, stored, content);
    }

    /**
     * {@code content} stored as a run stores it, in a directory of its own: the entry's size and hash
     * are those of the new file; its uncompressed size and facts are what the caller says it records.
     */
    private Dump store(String tag, byte[] content, long rawBytes, SourceFacts facts) throws IOException {
        Path stored = Files.createDirectories(dir.resolve(tag)).resolve(dump.entry().file());
        CompressedFileWriter writer = CompressedFileWriter.create(stored, Compression.GZIP);
        try {
            writer.stream().write(content);
        } finally {
            writer.close();
        }
        CompressedFileWriter.Result r = writer.result();
        ComponentEntry e = dump.entry();
        return new Dump(new ComponentEntry(e.name(), e.type(), e.file(), e.compression(), r.bytes(), rawBytes,
                r.sha256(), e.durationMs(), facts), stored, content);
    }

    private static ComponentEntry entry(ComponentEntry e, long rawBytes, SourceFacts facts) {
        return new ComponentEntry(e.name(), e.type(), e.file(), e.compression(), e.bytes(), rawBytes, e.sha256(),
                e.durationMs(), facts);
    }
}
