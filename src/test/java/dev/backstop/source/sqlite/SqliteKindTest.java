package dev.backstop.source.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ByteSize;
import dev.backstop.core.Findings;
import dev.backstop.core.SourceException;
import dev.backstop.source.SourceContext;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code config check} finds in a sqlite source: a database file that is not there, in the words of the dump. */
class SqliteKindTest {

    @TempDir
    Path dir;

    @Test
    void check_databaseMissing_errorAsTheDumpSaysIt() {
        SqliteConfig config = new SqliteConfig("state", ByteSize.ofBytes(1), dir.resolve("state.db"));

        Findings findings = new Findings();
        new SqliteKind().check(config, findings);

        assertThat(findings.errors()).containsExactly("source state: database " + dir.resolve("state.db")
                + " does not exist");
        assertThatThrownBy(() -> new SqliteSource(config).dump(OutputStream.nullOutputStream(),
                new SourceContext(dir, w -> { })))
                .isInstanceOf(SourceException.class).hasMessage(findings.errors().get(0));
    }

    @Test
    void check_emptyFile_error() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.db"));

        Findings findings = new Findings();
        new SqliteKind().check(new SqliteConfig("state", ByteSize.ofBytes(1), empty), findings);

        assertThat(findings.errors()).singleElement().asString().endsWith("is an empty file, not a SQLite database");
    }
}
