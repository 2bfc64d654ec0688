package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.encryption.AgeIdentity;
import dev.backstop.registry.Kinds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config check}'s workflow: every problem of every part at once, in the order a run meets them. */
class ConfigCheckTest {

    @TempDir
    Path dir;

    @Test
    void offline_problemsInEveryPart_allReportedInRunOrder() throws Exception {
        Files.writeString(dir.resolve("occupied"), "a file where state_dir should be");
        Path cnf = Files.writeString(dir.resolve("mysql.cnf"), "[client]\n");
        Files.setPosixFilePermissions(cnf, PosixFilePermissions.fromString("rw-r--r--"));
        BackstopConfig config = config("""
                state_dir: occupied/state
                sources:
                  - {name: appdb, type: mysql, database: shop, defaults_file: mysql.cnf}
                  - {name: www, type: files, paths: [gone]}
                targets:
                  - {name: local, type: local, path: occupied/backups}
                notify:
                  - type: email
                    smtp: {host: 127.0.0.1, user: backup, password_file: smtp-password}
                    to: [ops@example.com]
                """);

        ConfigCheck.Report report = ConfigCheck.offline(config);

        assertThat(report.errors()).containsExactly(
                "state_dir " + dir.resolve("occupied/state") + " cannot be created: " + dir.resolve("occupied")
                        + " is not a directory",
                "source appdb: defaults_file: " + cnf + " has mode 0644 (rw-r--r--): it holds credentials and may be"
                        + " read or written by other users, so it is refused; fix it with: chmod 600 " + cnf,
                "source www: configured path " + dir.resolve("gone") + " does not exist",
                "target 'local' (local) at " + dir.resolve("occupied/backups") + ": cannot be created: "
                        + dir.resolve("occupied") + " is not a directory",
                "notify: email to ops@example.com via 127.0.0.1:25: notify email: password_file "
                        + dir.resolve("smtp-password") + " does not exist");
        assertThat(report.valid()).isFalse();
        assertThat(report.exitCode()).isEqualTo(2);
    }

    @Test
    void offline_goodConfiguration_validWithoutFindings() throws Exception {
        Files.createDirectory(dir.resolve("www"));
        BackstopConfig config = config("""
                state_dir: state
                sources:
                  - {name: www, type: files, paths: [www]}
                targets:
                  - {name: local, type: local, path: backups}
                """);

        ConfigCheck.Report report = ConfigCheck.offline(config);

        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
        assertThat(report.exitCode()).isZero();
        assertThat(dir.resolve("state")).as("the check creates nothing").doesNotExist();
    }

    @Test
    void offline_identityOfNoRecipient_isAnErrorAndAMissingOneAWarning() throws Exception {
        // given an identity file that belongs to another key pair than the configured recipient
        Files.createDirectory(dir.resolve("www"));
        Path key = Files.writeString(dir.resolve("key.txt"), AgeIdentity.generate().fileContent());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        String yaml = """
                state_dir: state
                sources:
                  - {name: www, type: files, paths: [www]}
                targets:
                  - {name: local, type: local, path: backups}
                encryption:
                  recipients: [%s]
                """.formatted(AgeIdentity.generate().recipient());

        // when
        ConfigCheck.Report wrong = ConfigCheck.offline(config(yaml + "  identity_file: key.txt\n"));
        ConfigCheck.Report missing = ConfigCheck.offline(config(yaml + "  identity_file: gone.txt\n"));

        // then
        assertThat(wrong.errors()).containsExactly("encryption: identity_file " + key + " is the key of none of the"
                + " recipients, so it cannot decrypt these backups; compare 'age-keygen -y " + key
                + "' with encryption: recipients");
        assertThat(missing.valid()).isTrue();
        assertThat(missing.warnings()).singleElement().asString().contains("gone.txt does not exist")
                .contains("restore and restore-test would exit 4");
    }

    @Test
    void offline_identityOfTheRecipient_isValid() throws Exception {
        Files.createDirectory(dir.resolve("www"));
        AgeIdentity.Generated pair = AgeIdentity.generate();
        Path key = Files.writeString(dir.resolve("key.txt"), pair.fileContent());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

        ConfigCheck.Report report = ConfigCheck.offline(config("""
                state_dir: state
                sources:
                  - {name: www, type: files, paths: [www]}
                targets:
                  - {name: local, type: local, path: backups}
                encryption: {recipients: [%s], identity_file: key.txt}
                """.formatted(pair.recipient())));

        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).isEmpty();
    }

    private BackstopConfig config(String yaml) throws Exception {
        return ConfigLoader.parse("host: test-host\n" + yaml, dir.resolve("backstop.yml"), Kinds.schema());
    }
}
