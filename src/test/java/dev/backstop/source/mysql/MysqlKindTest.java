package dev.backstop.source.mysql;

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

/** What {@code config check} finds in a mysql source: what its preflight refuses, in the same words. */
class MysqlKindTest {

    @TempDir
    Path dir;

    @Test
    void check_defaultsFileMode0644_errorIsThePreflightsMessage() throws Exception {
        Path shared = Files.writeString(dir.resolve("mysql.cnf"), "[client]\nuser=backup\n");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        MysqlConfig config = config(shared, null);

        Findings findings = check(config);

        assertThat(findings.errors()).containsExactly("source appdb: defaults_file: " + shared + " has mode 0644"
                + " (rw-r--r--): it holds credentials and may be read or written by other users, so it is refused;"
                + " fix it with: chmod 600 " + shared);
        assertThatThrownBy(() -> new MysqlSource(config, new ProcessRunner()).preflight())
                .isInstanceOf(PreflightException.class).hasMessage(findings.errors().get(0));
    }

    @Test
    void check_defaultsFileMissing_error() {
        Path missing = dir.resolve("absent.cnf");

        Findings findings = check(config(missing, null));

        assertThat(findings.errors()).containsExactly("source appdb: defaults_file: " + missing + " does not exist");
    }

    @Test
    void check_dumpCommandMissingAndDefaultsFileShared_reportsBoth() throws Exception {
        Path shared = Files.writeString(dir.resolve("mysql.cnf"), "[client]\n");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw----"));

        Findings findings = check(config(shared, "/no/such"));

        assertThat(findings.errors()).hasSize(2);
        assertThat(findings.errors().get(0)).startsWith("source appdb: dump_command: no executable /no/such found");
        assertThat(findings.errors().get(1)).contains("mode 0660");
    }

    @Test
    void check_privateDefaultsFileAndToolsInstalled_nothingFound() throws Exception {
        Path own = Files.writeString(dir.resolve("mysql.cnf"), "[client]\n");
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rw-------"));

        Findings findings = check(config(own, null));

        assertThat(findings.errors()).isEmpty();
        assertThat(findings.warnings()).isEmpty();
    }

    private static Findings check(MysqlConfig config) {
        Findings findings = new Findings();
        new MysqlKind().check(config, findings);
        return findings;
    }

    private static MysqlConfig config(Path defaultsFile, String dumpCommand) {
        return new MysqlConfig("appdb", ByteSize.ofBytes(1), "shop", defaultsFile, null, null, null, null, null,
                dumpCommand, Duration.ofMinutes(1));
    }
}
