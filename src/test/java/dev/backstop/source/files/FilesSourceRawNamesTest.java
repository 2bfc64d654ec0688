package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ByteSize;
import dev.backstop.core.SourceFacts;
import dev.backstop.source.SourceContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * File names are bytes: whatever a directory holds comes back under the same bytes, through
 * backstop's extraction and through GNU tar alone, in a UTF-8 locale and in the POSIX one.
 */
class FilesSourceRawNamesTest {

    @TempDir
    Path tmp;

    @Test
    void dump_trickyNames_everyNameComesBackByteForByte() throws Exception {
        // given
        Path data = Files.createDirectories(tmp.resolve("data"));
        RawTree.create(data, RawTree.trickyEntries());
        SortedMap<String, String> original = RawTree.of(data);

        // when
        SourceFacts facts = dump(data);

        // then
        assertThat(original).hasSize(RawTree.trickyEntries().size());
        assertRestoresEveryWay(data, original);
        assertThat(facts.entries()).isEqualTo(original.size() + 1); // the configured directory too
        assertThat(facts.changed()).isEmpty();
        assertThat(facts.skipped()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void dump_randomByteNames_everyNameComesBackByteForByte(long seed) throws Exception {
        // given: random names for files, for a directory, for what it holds, and as link targets
        Random random = new Random(seed);
        Path data = Files.createDirectories(tmp.resolve("data"));
        List<byte[]> names = RawTree.randomNames(random, 40);
        List<RawTree.Entry> entries = new ArrayList<>();
        byte[] dir = names.get(0);
        entries.add(RawTree.Entry.directory(dir));
        for (byte[] name : names.subList(1, 30)) {
            entries.add(RawTree.Entry.file(name));
            entries.add(RawTree.Entry.file(RawTree.concat(dir, new byte[] {'/'}, name)));
        }
        for (byte[] name : names.subList(30, 40)) {
            entries.add(RawTree.Entry.symlink(name, names.get(random.nextInt(30))));
        }
        RawTree.create(data, entries);
        SortedMap<String, String> original = RawTree.of(data);

        // when
        SourceFacts facts = dump(data);

        // then
        assertThat(original).as("seed %d", seed).hasSize(entries.size());
        assertRestoresEveryWay(data, original);
        assertThat(facts.entries()).isEqualTo(entries.size() + 1);
        assertThat(facts.changed()).isEmpty();
    }

    private Path archive() {
        return tmp.resolve("out.tar");
    }

    private SourceFacts dump(Path data) throws Exception {
        FilesSource source = new FilesSource(new FilesConfig("app", ByteSize.ofBytes(1), List.of(data), List.of()));
        List<String> warnings = new ArrayList<>();
        try (OutputStream out = Files.newOutputStream(archive())) {
            SourceFacts facts = source.dump(out, new SourceContext(tmp, warnings::add));
            assertThat(warnings).isEmpty();
            return facts;
        }
    }

    /** backstop's extraction, and GNU tar in a UTF-8 and in the POSIX locale, each into its own directory. */
    private void assertRestoresEveryWay(Path data, SortedMap<String, String> original) throws Exception {
        Path byBackstop = tmp.resolve("by-backstop");
        try (InputStream in = Files.newInputStream(archive())) {
            TarExtractor.Stats stats = TarExtractor.extract(in, byBackstop, false);
            assertThat(stats.entries()).isEqualTo(original.size() + 1);
        }
        assertThat(RawTree.of(below(byBackstop, data))).as("restored by backstop").isEqualTo(original);

        Path byGnuTar = Files.createDirectories(tmp.resolve("by-gnu-tar"));
        GnuTar.extract(archive(), byGnuTar);
        assertThat(RawTree.of(below(byGnuTar, data))).as("restored by GNU tar, LC_ALL=C.UTF-8").isEqualTo(original);

        Path byGnuTarPosix = Files.createDirectories(tmp.resolve("by-gnu-tar-posix"));
        String said = GnuTar.run(List.of("env", "-i", "tar", "-xf", archive().toString(), "-C", byGnuTarPosix.toString()));
        assertThat(said).as("GNU tar's warnings").isEmpty();
        assertThat(RawTree.of(below(byGnuTarPosix, data))).as("restored by GNU tar, env -i").isEqualTo(original);
    }

    private static Path below(Path restored, Path original) {
        return restored.resolve(original.toString().substring(1));
    }
}
