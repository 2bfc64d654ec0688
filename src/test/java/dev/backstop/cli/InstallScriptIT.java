package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code packaging/install.sh} into a temporary root: jar, launcher, units, completion, man page
 * and a starter configuration in the conventional places; a second install keeps the
 * configuration; the installed launcher, completion and man page work.
 */
class InstallScriptIT {

    @TempDir
    Path root;

    private Shell.Result install(String... extra) throws Exception {
        String args = String.join(" ", Arrays.stream(extra).map(a -> "'" + a + "'").toList());
        return Shell.run("packaging/install.sh --destdir '" + root + "' --jar '" + BackstopProcess.jar() + "' " + args);
    }

    @Test
    void install_intoDestdir_placesEverythingWithItsMode() throws Exception {
        // when
        Shell.Result r = install();

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(mode("usr/local/lib/backstop/backstop.jar")).isEqualTo("rw-r--r--");
        // the SQLite library for this machine beside the jar, so that no start unpacks it again
        List<Path> libraries;
        try (var found = Files.find(root.resolve("usr/local/lib/backstop/backstop-native"), 4,
                (p, a) -> p.getFileName().toString().equals("libsqlitejdbc.so"))) {
            libraries = found.toList();
        }
        assertThat(libraries).hasSize(1);
        assertThat(mode(root.relativize(libraries.get(0)).toString())).isEqualTo("rw-r--r--");
        assertThat(mode("usr/local/bin/backstop")).isEqualTo("rwxr-xr-x");
        assertThat(mode("etc/backstop")).isEqualTo("rwx------");
        assertThat(mode("etc/backstop/backstop.yml")).isEqualTo("rw-------");
        for (String unit : List.of("backstop.service", "backstop.timer", "backstop-verify.service", "backstop-verify.timer",
                "backstop-restore-test.service", "backstop-restore-test.timer", "backstop-dashboard.service",
                "backstop-archive-logs.service")) {
            assertThat(mode("etc/systemd/system/" + unit)).as(unit).isEqualTo("rw-r--r--");
        }
        String timer = Files.readString(root.resolve("etc/systemd/system/backstop.timer"));
        assertThat(timer).contains("OnCalendar=*-*-* 03,11,19:00:00").contains("Persistent=true").contains("RandomizedDelaySec=");
        assertThat(Files.readString(root.resolve("etc/systemd/system/backstop-restore-test.timer"))).contains("OnCalendar=Sun ");
        assertThat(Files.readString(root.resolve("etc/systemd/system/backstop.service")))
                .contains("ExecStart=/usr/local/bin/backstop run --config /etc/backstop/backstop.yml");

        // the installed launcher finds the installed jar, and the starter configuration validates
        Shell.Result version = Shell.run("'" + root.resolve("usr/local/bin/backstop") + "' --version");
        assertThat(version.output()).startsWith("backstop ");
        Shell.Result check = Shell.run("'" + root.resolve("usr/local/bin/backstop") + "' config check --config '"
                + root.resolve("etc/backstop/backstop.yml") + "'");
        assertThat(check.exitCode()).as(check.toString()).isZero();
    }

    @Test
    void install_again_keepsAnEditedConfiguration() throws Exception {
        // given
        assertThat(install().exitCode()).isZero();
        Path config = root.resolve("etc/backstop/backstop.yml");
        Files.writeString(config, "# edited by the administrator\n" + Files.readString(config));

        // when
        Shell.Result again = install();

        // then
        assertThat(again.exitCode()).isZero();
        assertThat(again.output()).contains("kept the existing configuration");
        assertThat(Files.readString(config)).startsWith("# edited by the administrator\n");
    }

    @Test
    void install_otherPrefix_writesItIntoTheUnits() throws Exception {
        // when
        Shell.Result r = install("--prefix", "/opt/backstop", "--sysconfdir", "/etc/opt");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.isRegularFile(root.resolve("opt/backstop/lib/backstop/backstop.jar"))).isTrue();
        assertThat(Files.readString(root.resolve("etc/systemd/system/backstop-verify.service")))
                .contains("exec /opt/backstop/bin/backstop verify --config /etc/opt/backstop/backstop.yml --read-data-subset");
        assertThat(Files.isRegularFile(root.resolve("etc/opt/backstop/backstop.yml"))).isTrue();
    }

    @Test
    void completionAndManPage_installed_work() throws Exception {
        // given
        assertThat(install().exitCode()).isZero();
        Path completion = root.resolve("usr/local/share/bash-completion/completions/backstop");
        Path man = root.resolve("usr/local/share/man/man1/backstop.1.gz");

        // when: bash completes a subcommand and an option of status
        Shell.Result complete = Shell.run("bash -c 'source \"" + completion + "\" 2>/dev/null;"
                + " COMP_WORDS=(backstop sta); COMP_CWORD=1; _complete_backstop 2>/dev/null; echo \"${COMPREPLY[@]}\";"
                + " COMP_WORDS=(backstop status --check); COMP_CWORD=2; _complete_backstop 2>/dev/null; echo \"${COMPREPLY[@]}\"'");
        Shell.Result page = Shell.run("MANWIDTH=100 man -l '" + man + "' 2>&1");

        // then
        assertThat(complete.output().lines().toList()).containsExactly("status", "--check-targets");
        assertThat(page.exitCode()).as(page.output()).isZero();
        assertThat(page.output()).contains("backstop status").contains("--max-age").contains("EXIT STATUS")
                .contains("backstop dashboard").contains("BACKSTOP_DASHBOARD_TOKEN").doesNotContain("backstop man");
    }

    @Test
    void units_installed_passSystemdAnalyze() throws Exception {
        // given
        if (!Files.isExecutable(Path.of("/usr/bin/systemd-analyze"))) {
            org.junit.jupiter.api.Assumptions.abort("systemd-analyze is not installed");
        }
        assertThat(install().exitCode()).isZero();

        // when: every directive must be known; the launcher is below the temporary root, not in /usr/local
        Shell.Result verify = Shell.run("cd '" + root.resolve("etc/systemd/system") + "' && systemd-analyze verify --man=no"
                + " ./*.service ./*.timer 2>&1");

        // then
        assertThat(verify.output().lines().filter(l -> !l.contains("/usr/local/bin/backstop is not executable")).toList())
                .as(verify.output()).isEmpty();
    }

    private String mode(String path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(path)));
    }
}
