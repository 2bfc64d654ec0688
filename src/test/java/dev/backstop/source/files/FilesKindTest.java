package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ByteSize;
import dev.backstop.core.Findings;
import dev.backstop.core.SourceException;
import dev.backstop.source.SourceContext;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code config check} finds in a files source: every missing path, in the words of the dump. */
class FilesKindTest {

    @TempDir
    Path dir;

    @Test
    void check_twoPathsMissing_bothAsTheDumpSaysThem() throws Exception {
        Path present = Files.createDirectory(dir.resolve("www"));
        Path first = dir.resolve("gone");
        Path second = dir.resolve("also-gone");
        FilesConfig config = new FilesConfig("app", ByteSize.ofBytes(1), List.of(present, first, second), List.of());

        Findings findings = new Findings();
        new FilesKind().check(config, findings);

        assertThat(findings.errors()).containsExactly(
                "source app: configured path " + first + " does not exist",
                "source app: configured path " + second + " does not exist");
        assertThatThrownBy(() -> new FilesSource(config).dump(OutputStream.nullOutputStream(),
                new SourceContext(dir, w -> { })))
                .isInstanceOf(SourceException.class).hasMessage(findings.errors().get(0));
    }

    @Test
    void check_pathsPresent_nothingFound() throws Exception {
        FilesConfig config = new FilesConfig("app", ByteSize.ofBytes(1), List.of(dir), List.of());

        Findings findings = new Findings();
        new FilesKind().check(config, findings);

        assertThat(findings.errors()).isEmpty();
    }
}
