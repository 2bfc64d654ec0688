package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.codec.Compression;
import dev.backstop.core.ByteSize;
import dev.backstop.core.Sha256;
import dev.backstop.source.SourceContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot state read ahead ({@link FilesSource#readAhead}) is the one the next dump of that
 * file compares with; any other dump reads its own, and a failed read ahead changes nothing.
 */
class FilesSourceReadAheadTest {

    private static final String NOTHING_SEEN = "backstop-files-snapshot 1\n";

    @TempDir
    Path tmp;
    Path data;
    Path state;
    FilesSource source;

    @BeforeEach
    void setUp() throws Exception {
        data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("changed.txt"), "one");
        Files.writeString(data.resolve("kept.txt"), "kept");
        source = new FilesSource(new FilesConfig("app", ByteSize.ofBytes(1), List.of(data), List.of()));
        state = tmp.resolve("app.snapshot");
        dump(null, state); // the full
        Files.writeString(data.resolve("changed.txt"), "two, longer");
    }

    @Test
    void readAhead_thenDumpOfThatFile_comparesWithTheStateAsReadAhead() throws Exception {
        Future<String> sha256 = source.readAhead(state);

        assertThat(sha256.get()).isEqualTo(Sha256.of(Files.readAllBytes(state)));
        // read ahead and done: what the file says now is not what the dump compares with
        Files.writeString(state, NOTHING_SEEN);
        assertThat(dump(state, tmp.resolve("next"))).contains("changed.txt").doesNotContain("kept.txt");
        assertThat(dump(state, tmp.resolve("again"))).as("the next dump reads the file itself")
                .contains("changed.txt", "kept.txt");
    }

    @Test
    void stateKeptCompressed_readAheadAndReadByTheDump_hashOfTheFileAsKept() throws Exception {
        Path kept = tmp.resolve("app.snapshot.kept");
        try (OutputStream out = Compression.ZSTD.compress(Files.newOutputStream(kept))) {
            Files.copy(state, out);
        }

        assertThat(source.readAhead(kept).get()).isEqualTo(Sha256.of(Files.readAllBytes(kept)));
        assertThat(dump(kept, tmp.resolve("next"))).contains("changed.txt").doesNotContain("kept.txt");
        assertThat(dump(kept, tmp.resolve("again"))).as("read by the dump itself").contains("changed.txt")
                .doesNotContain("kept.txt");
    }

    @Test
    void readAhead_thenAFull_stateDroppedAndTheNextDumpReadsTheFile() throws Exception {
        source.readAhead(state).get();
        Files.writeString(state, NOTHING_SEEN);

        assertThat(dump(null, tmp.resolve("full"))).contains("changed.txt", "kept.txt");
        // the full took the state read ahead and let it go, so that it holds no memory through the run
        assertThat(dump(state, tmp.resolve("next"))).contains("changed.txt", "kept.txt");
    }

    @Test
    void readAhead_dumpOfAnotherFile_readsThatFile() throws Exception {
        source.readAhead(state).get();
        Path other = Files.writeString(tmp.resolve("other.snapshot"), NOTHING_SEEN);

        assertThat(dump(other, tmp.resolve("next"))).contains("changed.txt", "kept.txt");
    }

    @Test
    void readAhead_damagedState_dumpFailsAsWithoutIt() throws Exception {
        Files.writeString(state, NOTHING_SEEN + "1 2 3\n");

        assertThatThrownBy(() -> source.readAhead(state).get()).isInstanceOf(ExecutionException.class);
        assertThatThrownBy(() -> dump(state, tmp.resolve("next")))
                .hasMessageContaining(state + ", line 2: expected 6 fields");
    }

    /** The file names (last part) of the entries in the archive the dump wrote. */
    private List<String> dump(Path previous, Path next) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        source.dump(out, new SourceContext(tmp, w -> { }), previous, next);
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(Path.of(e.getName()).getFileName().toString());
            }
        }
        return names;
    }
}
