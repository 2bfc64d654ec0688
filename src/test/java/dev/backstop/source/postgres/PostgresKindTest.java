package dev.backstop.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ByteSize;
import dev.backstop.core.Findings;
import dev.backstop.core.PreflightException;
import dev.backstop.exec.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code config check} finds in a postgres source: what its preflight refuses, in the same words. */
class PostgresKindTest {

    @TempDir
    Path dir;

    @Test
    void check_passfileMissingAndDumpCommandMissing_bothAsThePreflightSaysThem() {
        Path missing = dir.resolve("pgpass");
        PostgresConfig config = config(missing, "/no/such/pg_dump");

        Findings findings = new Findings();
        new PostgresKind().check(config, findings);

        assertThat(findings.errors()).hasSize(2);
        assertThat(findings.errors().get(0)).startsWith("source pgdb: dump_command: no executable /no/such/pg_dump");
        assertThat(findings.errors().get(1)).isEqualTo("source pgdb: passfile: " + missing + " does not exist");
        assertThatThrownBy(() -> new PostgresSource(config, new ProcessRunner()).preflight())
                .isInstanceOf(PreflightException.class).hasMessage(String.join("; ", findings.errors()));
    }

    @Test
    void check_privatePassfile_nothingFound() throws Exception {
        Path own = Files.writeString(dir.resolve("pgpass"), "*:*:*:*:pw\n");
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rw-------"));

        Findings findings = new Findings();
        new PostgresKind().check(config(own, null), findings);

        assertThat(findings.errors()).isEmpty();
        assertThat(findings.warnings()).as("psql is installed here").isEmpty();
    }

    private static PostgresConfig config(Path passfile, String dumpCommand) {
        return new PostgresConfig("pgdb", ByteSize.ofBytes(1), "shop", "127.0.0.1", 5432, "postgres", passfile, null,
                dumpCommand, Duration.ofMinutes(1));
    }
}
