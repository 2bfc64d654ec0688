package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ByteSize;
import dev.backstop.core.Progress;
import dev.backstop.core.SourceFacts;
import dev.backstop.source.SourceContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chains of archives in GNU tar's listed-incremental format, applied oldest first by the real
 * GNU tar ({@code tar -x -g /dev/null}) as an administrator restores them with tar alone, and
 * by backstop's own extractor. An increment holds the directories that changed or get a file;
 * the others are as the archives before left them.
 */
class IncrementalArchiveTest {

    @TempDir
    Path tmp;
    Path data;
    Path restored;
    Path restoredByBackstop;
    /** Each archive by an extractor of its own, which lists every directory (as one archive restored onto a tree). */
    Path restoredArchiveByArchive;
    /** One extractor for the chain, as a restore applies it: it compares dumpdirs instead of listing. */
    TarExtractor chainExtractor;
    Snapshot previous = Snapshot.empty();
    final List<Path> chain = new ArrayList<>();
    long firstFileCount;

    @BeforeEach
    void setUp() throws Exception {
        data = Files.createDirectories(tmp.resolve("data"));
        restored = Files.createDirectories(tmp.resolve("restored"));
        restoredByBackstop = Files.createDirectories(tmp.resolve("restored-by-backstop"));
        restoredArchiveByArchive = Files.createDirectories(tmp.resolve("restored-archive-by-archive"));
        chainExtractor = new TarExtractor(restoredByBackstop, true, Progress.NONE);
        shell("""
                echo one > a.txt; echo kept > kept.txt; mkdir -p dir1/sub; echo x > dir1/x; echo y > dir1/sub/y
                ln -s a.txt link; echo m > mode.txt; echo o > owner.txt; mkdir swap; echo z > swap/z
                mkdir cache; echo c > cache/c; echo s > same.txt; echo linked > hard1; ln hard1 hard2
                """);
        RawTree.create(Files.createDirectories(data.resolve("odd")), RawTree.trickyEntries());
    }

    @Test
    void chain_everyKindOfChange_gnuTarAppliedOldestFirstRecreatesTheTree() throws Exception {
        backupAndCompare();
        shell("""
                echo changed, longer > a.txt; rm dir1/x; mv dir1 dir2; chmod 600 mode.txt; chown 1234:5678 owner.txt
                rm -r swap; echo now a file > swap; ln -sfn kept.txt link; echo new > 'new file'; mv odd odd2
                echo linked, changed > hard1; touch -r same.txt stamp; echo S > same.txt; touch -r stamp same.txt
                """);
        backupAndCompare();
        shell("""
                rm swap; mkdir swap; echo z2 > swap/z; mv a.txt b.txt; echo two > kept.txt.tmp; mv kept.txt.tmp kept.txt
                mkdir -p dir2/sub/deeper; mv dir2/sub/y dir2/sub/deeper/y; rm -r 'odd2/d'$'\\xe9''j'$'\\xe0'
                """);
        backupAndCompare();
    }

    @Test
    void chain_nothingChanged_archiveHoldsNothing() throws Exception {
        backupAndCompare();

        long files = backupAndCompare().fileCount();

        assertThat(GnuTar.list(chain.get(1))).as("no directory changed, no file").isEmpty();
        assertThat(files).as("whole-tree facts, not the increment's").isEqualTo(firstFileCount);
    }

    @Test
    void chain_directoriesChangedInModeOrOwnerOnly_heldAloneAndRestored() throws Exception {
        backupAndCompare();
        shell("chmod 750 dir1/sub; chown 4321:8765 swap");

        backupAndCompare();

        assertThat(entries(chain.get(1))).as("only the directories that changed; their parents did not")
                .containsOnlyKeys("dir1/sub", "swap");
    }

    @Test
    void chain_excludedNameWhereTheTreeIsRestored_leftInPlace() throws Exception {
        backupAndCompare();
        shell("echo more > a.txt");
        backupAndCompare();
        Path excluded = restored.resolve(data.toString().substring(1)).resolve("cache");

        assertThat(excluded).doesNotExist();
        Files.createDirectories(excluded);
        GnuTar.run(List.of("tar", "-x", "-g", "/dev/null", "-f", chain.get(1).toString(), "-C", restored.toString()));

        assertThat(excluded).isDirectory();
    }

    @Test
    void chain_fileRewrittenInPlace_itsDirectoryGetsItsRecordedTimeAgain() throws Exception {
        // given: a directory whose time is old, restored with it
        shell("touch -d '2020-01-02 03:04:05' dir1");
        backupAndCompare();

        // when: a file inside changes in place, which leaves the directory's time as it was
        shell("echo more >> dir1/x");

        // then: the restore, which writes the file anew, sets the directory's time back
        backupAndCompare();
    }

    @Test
    void chain_sameChangesAsGnuTarListedIncremental_sameEntriesAndSameDumpdirs() throws Exception {
        Path snar = tmp.resolve("gnu.snar");
        gnuTar(snar, tmp.resolve("gnu-0.tar"));
        backupAndCompare();
        shell("""
                echo changed, longer > a.txt; rm dir1/x; echo new > 'new file'; chmod 600 mode.txt
                rm -r swap; echo now a file > swap; mkdir -p added/deeper; echo d > added/deeper/d; rm odd/café.txt
                """);

        gnuTar(snar, tmp.resolve("gnu-1.tar"));
        backupAndCompare();

        assertThat(entries(chain.get(0))).isEqualTo(entries(tmp.resolve("gnu-0.tar")));
        // GNU tar holds every directory; backstop leaves out those that did not change and get no file
        SortedMap<String, String> gnu = entries(tmp.resolve("gnu-1.tar"));
        SortedMap<String, String> ours = entries(chain.get(1));
        assertThat(gnu).containsAllEntriesOf(ours);
        gnu.keySet().removeAll(ours.keySet());
        assertThat(gnu).containsOnlyKeys("dir1/sub", "odd/d\\xE9j\\xE0");
        assertThat(ours.keySet()).contains("a.txt", "new file", "mode.txt", "swap", "added/deeper/d")
                .doesNotContain("kept.txt", "link", "dir1/sub/y");
    }

    private void gnuTar(Path snar, Path archive) throws Exception {
        GnuTar.run(List.of("tar", "--format=posix", "--exclude=cache", "-g", snar.toString(), "-cf", archive.toString(),
                data.toString()));
    }

    /**
     * The dumpdir as shown text, without GNU tar's 'R'/'T' records: GNU tar finds a renamed directory
     * by its inode (and takes a new directory that reuses a deleted one's inode for a rename);
     * backstop archives a renamed directory anew under its new name instead.
     */
    private static String withoutRenames(byte[] dumpdir) {
        StringBuilder shown = new StringBuilder();
        for (String entry : RawTree.show(dumpdir).split("\\\\x00", -1)) {
            if (!entry.startsWith("R") && !entry.startsWith("T")) {
                shown.append(entry).append("|");
            }
        }
        return shown.toString();
    }

    /** Each entry of an archive by its name below the data directory: its type, and a directory's dumpdir. */
    private SortedMap<String, String> entries(Path archive) throws IOException {
        SortedMap<String, String> entries = new TreeMap<>();
        String prefix = data.toString().substring(1);
        try (RawNameTarInput in = new RawNameTarInput(Files.newInputStream(archive))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String name = RawTree.show(in.name()).replaceAll("/$", "");
                String dumpdir = in.dumpdir() == null ? "" : " " + withoutRenames(in.dumpdir());
                entries.put(name.equals(prefix) ? "." : name.substring(prefix.length() + 1),
                        (e.isDirectory() ? "d" : e.isSymbolicLink() ? "l" : "f") + dumpdir);
            }
        }
        return entries;
    }

    @Test
    void snapshot_writtenAndRead_sameStampsAndNonUtf8Names() throws Exception {
        Snapshot snapshot = Snapshot.empty();
        byte[] name = RawTree.bytes("/srv/caf\u00e9 \n.txt");
        Snapshot.Stamp stamp = new Snapshot.Stamp(1_700_000_000_123_456_789L, 1_700_000_001_000_000_000L, 42, 7, 2049);
        snapshot.put(name, stamp);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        snapshot.write(out);

        Snapshot back = Snapshot.read(new ByteArrayInputStream(out.toByteArray()), "snapshot");

        assertThat(back.unchanged(name, stamp, true)).isTrue();
        assertThat(back.unchanged(name, new Snapshot.Stamp(stamp.mtimeNanos(), stamp.ctimeNanos() + 1, 42, 7, 2049),
                true)).as("ctime differs").isFalse();
        assertThat(back.unchanged(name, new Snapshot.Stamp(stamp.mtimeNanos(), stamp.ctimeNanos(), 42, 7, 2050),
                false)).as("device ignored").isTrue();
        assertThat(back.unchanged(Arrays.copyOf(name, 3), stamp, true)).as("another name").isFalse();
    }

    @Test
    void snapshot_manyNamesSharingPrefixes_eachFoundWithItsOwnStamp_writtenInByteOrder() throws Exception {
        // given 30,000 names (past every initial capacity), long shared prefixes, bytes above 0x7f, a name of 4 KiB
        Snapshot snapshot = Snapshot.empty();
        java.util.TreeMap<String, Snapshot.Stamp> expected = new java.util.TreeMap<>(); // Latin-1: one char a byte
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 30_000; i++) {
            String name = "/srv/app/storage/uploads/" + (i % 97) + (i % 3 == 0 ? "/\u00e9t\u00e9-" : "/f-") + i;
            if (i == 12_345) {
                name = "/srv/" + "x".repeat(4096);
            }
            Snapshot.Stamp stamp = new Snapshot.Stamp(random.nextLong(), random.nextLong(), i, random.nextLong(), i % 5);
            snapshot.put(name.getBytes(StandardCharsets.ISO_8859_1), stamp);
            expected.put(name, stamp);
        }
        // a name put again keeps its place and takes the new stamp, as a map would
        Snapshot.Stamp again = new Snapshot.Stamp(1, 2, 3, 4, 5);
        snapshot.put("/srv/app/storage/uploads/0/\u00e9t\u00e9-0".getBytes(StandardCharsets.ISO_8859_1), again);
        expected.put("/srv/app/storage/uploads/0/\u00e9t\u00e9-0", again);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        snapshot.write(out);
        Snapshot back = Snapshot.read(new ByteArrayInputStream(out.toByteArray()), "snapshot");

        assertThat(snapshot.size()).isEqualTo(back.size()).isEqualTo(expected.size());
        for (var e : expected.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
            Snapshot.Stamp s = e.getValue();
            assertThat(back.unchanged(name, s, true)).as(e.getKey()).isTrue();
            assertThat(back.unchanged(name, new Snapshot.Stamp(s.mtimeNanos(), s.ctimeNanos(), s.size() + 1, s.inode(),
                    s.device()), true)).as(e.getKey() + " grown").isFalse();
        }
        assertThat(back.unchanged("/srv/app/storage/uploads/0/f-".getBytes(StandardCharsets.ISO_8859_1), again, false))
                .as("a prefix of names held").isFalse();
        StringBuilder lines = new StringBuilder("backstop-files-snapshot 1\n");
        for (var e : expected.entrySet()) {
            Snapshot.Stamp s = e.getValue();
            lines.append(s.mtimeNanos()).append(' ').append(s.ctimeNanos()).append(' ').append(s.size()).append(' ')
                    .append(s.inode()).append(' ').append(s.device()).append(' ')
                    .append(java.util.HexFormat.of().formatHex(e.getKey().getBytes(StandardCharsets.ISO_8859_1)))
                    .append('\n');
        }
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo(lines.toString());
    }

    @Test
    void snapshot_extremeNumbersAndEveryByteInNames_readBackExact() throws Exception {
        Snapshot snapshot = Snapshot.empty();
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        Snapshot.Stamp extreme = new Snapshot.Stamp(Long.MIN_VALUE, -1, 0, Long.MAX_VALUE, -42);
        Snapshot.Stamp dir = new Snapshot.Stamp(-1_000_000_000L, 5, 4096, 1 << 20, 7);
        snapshot.put(everyByte, extreme);
        snapshot.put("/srv/d/".getBytes(StandardCharsets.US_ASCII), dir);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        snapshot.write(out);
        byte[] written = out.toByteArray();

        // read back, also with its last newline gone
        for (byte[] bytes : List.of(written, Arrays.copyOf(written, written.length - 1))) {
            Snapshot back = Snapshot.read(new ByteArrayInputStream(bytes), "snapshot");
            assertThat(back.size()).isEqualTo(2);
            assertThat(back.unchanged(everyByte, extreme, true)).isTrue();
            assertThat(back.unchanged("/srv/d/".getBytes(StandardCharsets.US_ASCII), dir, true)).isTrue();
        }
        assertThat(new String(written, StandardCharsets.US_ASCII)).as("sorted by the names' bytes, as Long.toString writes numbers")
                .startsWith("backstop-files-snapshot 1\n-9223372036854775808 -1 0 9223372036854775807 -42 000102")
                .endsWith("\n-1000000000 5 4096 1048576 7 2f7372762f642f\n");
    }

    @Test
    void snapshot_fieldsThatAreNoNumbersOrNoHex_errorNamesTheLine() {
        String header = "backstop-files-snapshot 1\n1 2 3 4 5 2f61\n";
        for (String[] bad : new String[][] {
                {"1 2 x 4 5 2f62", "not a number: 'x'"},
                {"1  3 4 5 2f62", "not a number: ''"},
                {"1 2 3 4 99999999999999999999 2f62", "not a number of 64 bits"},
                {"1 2 3 4 9223372036854775808 2f62", "not a number of 64 bits"},
                {"1 2 3: 4 5 2f62", "not a number: '3:'"},
                {"1 2 /3 4 5 2f62", "not a number: '/3'"},
                {"1 - 3 4 5 2f62", "not a number: '-'"},
                {"1 2 3 4 5 2f6g", "the name is not hex: '2f6g'"},
                {"1 2 3 4 5 2f@1", "the name is not hex: '2f@1'"},
                {"1 2 3 4 5 2f6", "the name is not hex: '2f6'"},
                {"1 2 3 4 5 zz", "the name is not hex: 'zz'"},
                {"1 2 3 4 5 ", "the name is not hex: ''"}}) {
            byte[] damaged = (header + bad[0] + "\n").getBytes(StandardCharsets.US_ASCII);

            assertThatThrownBy(() -> Snapshot.read(new ByteArrayInputStream(damaged), "app.snapshot"))
                    .hasMessageContaining("app.snapshot, line 3: " + bad[1]);
        }
    }

    @Test
    void snapshot_upperCaseHexAndLongestNumbers_readAsWritten() throws Exception {
        // 18 digits and 19, either side of where the reader stops checking for overflow
        byte[] text = ("backstop-files-snapshot 1\n999999999999999999 -999999999999999999 1000000000000000000"
                + " -9223372036854775807 0 2F7372762F\n").getBytes(StandardCharsets.US_ASCII);

        Snapshot back = Snapshot.read(new ByteArrayInputStream(text), "snapshot");

        assertThat(back.unchanged("/srv/".getBytes(StandardCharsets.US_ASCII), new Snapshot.Stamp(999_999_999_999_999_999L,
                -999_999_999_999_999_999L, 1_000_000_000_000_000_000L, -Long.MAX_VALUE, 0), true)).isTrue();
    }

    @Test
    void snapshot_damaged_errorNamesFileLineAndWhatToDo() {
        byte[] damaged = "backstop-files-snapshot 1\n1 2 3\n".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> Snapshot.read(new ByteArrayInputStream(damaged), "/var/lib/backstop/app.snapshot"))
                .hasMessageContaining("/var/lib/backstop/app.snapshot, line 2: expected 6 fields")
                .hasMessageContaining("next run makes a full archive");
    }

    /** One archive against the previous snapshot, applied to the restore; the restore must equal the tree. */
    private SourceFacts backupAndCompare() throws Exception {
        Path archive = tmp.resolve(chain.size() + ".tar");
        Snapshot current = Snapshot.empty();
        FilesSource source = new FilesSource(new FilesConfig("app", ByteSize.ofBytes(1), List.of(data), List.of("cache")));
        SourceFacts facts;
        try (OutputStream out = Files.newOutputStream(archive)) {
            facts = source.dump(out, new SourceContext(tmp, w -> { }), new Increment(previous, current, true));
        }
        if (chain.isEmpty()) {
            firstFileCount = facts.fileCount();
        }
        previous = current;
        chain.add(archive);
        GnuTar.run(List.of("tar", "-x", "-g", "/dev/null", "-f", archive.toString(), "-C", restored.toString()));
        try (InputStream in = Files.newInputStream(archive)) {
            chainExtractor.apply(in);
        }
        try (InputStream in = Files.newInputStream(archive)) {
            TarExtractor.extract(in, restoredArchiveByArchive, true);
        }
        Path byTar = restored.resolve(data.toString().substring(1));
        assertThat(listing(byTar)).as("tar after archive %d", chain.size() - 1).isEqualTo(listing(data));
        assertThat(RawTree.of(byTar)).isEqualTo(withoutCache(RawTree.of(data)));
        Path byBackstop = restoredByBackstop.resolve(data.toString().substring(1));
        // backstop's extractor leaves a symlink's own time at the time of the restore
        assertThat(withoutLinkTimes(listing(byBackstop))).as("backstop after archive %d", chain.size() - 1)
                .isEqualTo(withoutLinkTimes(listing(data)));
        assertThat(RawTree.of(byBackstop)).isEqualTo(withoutCache(RawTree.of(data)));
        Path alone = restoredArchiveByArchive.resolve(data.toString().substring(1));
        assertThat(withoutLinkTimes(listing(alone))).as("archive by archive after archive %d", chain.size() - 1)
                .isEqualTo(withoutLinkTimes(listing(data)));
        assertThat(RawTree.of(alone)).isEqualTo(withoutCache(RawTree.of(data)));
        return facts;
    }

    private static SortedMap<String, String> withoutCache(SortedMap<String, String> tree) {
        tree.keySet().removeIf(name -> name.equals("cache") || name.startsWith("cache/"));
        return tree;
    }

    /** Type, mode, owner, size (of files) and mtime in seconds of every entry, sorted. */
    private static String listing(Path root) throws Exception {
        String find = GnuTar.run(List.of("bash", "-c",
                "cd \"$1\" && find . -path ./cache -prune -o -printf '%y %m %U:%G %s %l|%P\\t%Ts\\n' | sort", "-", root.toString()));
        return find.replaceAll("(?m)^d (\\d+) (\\S+) \\d+ ", "d $1 $2 - ");
    }

    private static String withoutLinkTimes(String listing) {
        return listing.replaceAll("(?m)^(l .*)\\t\\d+$", "$1");
    }

    private void shell(String script) throws IOException, InterruptedException {
        GnuTar.run(List.of("bash", "-c", "set -e; cd \"$1\"; " + script, "-", data.toString()));
        Thread.sleep(10); // a later change must not share its ctime with what the walk stamped
    }
}
