package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Json;
import dev.backstop.core.RunOutcome;
import dev.backstop.history.HistoryStore;
import dev.backstop.notify.LocalHttpServer;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A full target disk and an unreadable file, each with the real process and real permissions. */
class FilesystemFaultsIT {

    @TempDir
    Path dir;

    private Path mounted;

    @AfterEach
    void unmount() throws Exception {
        if (mounted != null) {
            Shell.run("umount '" + mounted + "'");
        }
    }

    @Test
    @RequiresService(Services.Tmpfs.class)
    void run_targetFilesystemFills_exitsSixWithNothingCommittedAndNoPartialLeft() throws Exception {
        Path target = Files.createDirectory(dir.resolve("small-disk"));
        Shell.ok("mount -t tmpfs -o size=24m tmpfs '" + target + "'");
        mounted = target;
        Files.createDirectories(dir.resolve("data"));
        Shell.ok("head -c 40000000 /dev/urandom > '" + dir.resolve("data/big.bin") + "'");
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: %s
                compression: zstd
                sources:
                  - name: data
                    type: files
                    paths: [data]
                targets:
                  - name: small
                    type: local
                    path: %s
                """.formatted(dir.resolve("state"), target));

        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(6);
        assertThat(run.all()).containsIgnoringCase("no space");
        try (Stream<Path> s = Files.walk(target)) {
            assertThat(s.filter(Files::isRegularFile).toList()).as("nothing left on the full disk").isEmpty();
        }
        try (HistoryStore history = HistoryStore.open(dir.resolve("state/history.db"))) {
            assertThat(history.recentRuns(1).get(0).outcome()).isEqualTo(RunOutcome.FAILED);
        }
    }

    /**
     * A directory below /tmp that the user nobody may read: a copy of the jar, {@code data/} to back
     * up and {@code work/} with a configuration backing {@code data/} up to {@code work/backups}.
     */
    private record NobodysTree(Path shared, Path jar, Path data, Path work, Path config) {
        static NobodysTree create() throws Exception {
            Path shared = Files.createTempDirectory(Path.of("/tmp"), "backstop-it-");
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path jar = Files.copy(BackstopProcess.jar(), shared.resolve("backstop.jar"));
            Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
            Path data = Files.createDirectories(shared.resolve("data"));
            Path work = Files.createDirectories(shared.resolve("work"));
            Path config = work.resolve("backstop.yml");
            Files.writeString(config, """
                    host: it-host
                    state_dir: state
                    sources:
                      - name: data
                        type: files
                        paths: [%s]
                    targets:
                      - name: local
                        type: local
                        path: backups
                    """.formatted(data));
            return new NobodysTree(shared, jar, data, work, config);
        }

        /** Runs a backstop command on the configuration as nobody, once the data's permissions are set. */
        BackstopProcess.Result backstopAsNobody(String command) throws Exception {
            Shell.ok("chown -R nobody '" + work + "'");
            return BackstopProcess.run(jar, Map.of(), List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                    "--clear-groups"), command, "--config", config.toString());
        }

        void delete() throws Exception {
            Shell.run("chmod -R u+w '" + shared + "'; rm -rf '" + shared + "'");
        }
    }

    @Test
    @RequiresService(Services.Root.class)
    void run_unreadableFileAsAnotherUser_exitsFiveNamingTheFile() throws Exception {
        // a tree that nobody may enter, except one secret file
        NobodysTree tree = NobodysTree.create();
        try {
            Files.writeString(tree.data().resolve("readable.txt"), "fine\n");
            Path secret = tree.data().resolve("secret.key");
            Files.writeString(secret, "root only\n");
            Shell.ok("chmod -R a+rX '" + tree.data() + "' && chmod 600 '" + secret + "'");

            BackstopProcess.Result run = tree.backstopAsNobody("run");

            assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
            assertThat(run.err()).contains(secret.toString());
            Path backups = tree.work().resolve("backups");
            assertThat(Files.exists(backups)
                    ? Files.walk(backups).filter(p -> p.endsWith("MANIFEST.json")).count() : 0).isZero();
        } finally {
            tree.delete();
        }
    }

    @Test
    @RequiresService(Services.Root.class)
    void restoreTest_readOnlyDirectoryAsAnotherUser_passesAndLeavesNoScratch() throws Exception {
        // a tree with a directory nobody may not write to, backed up and test-restored by nobody
        NobodysTree tree = NobodysTree.create();
        try {
            Path readOnly = Files.createDirectories(tree.data().resolve("read-only"));
            Files.writeString(readOnly.resolve("kept.txt"), "kept\n");
            Shell.ok("chmod -R a+rX '" + tree.data() + "' && chmod 555 '" + readOnly + "'");
            BackstopProcess.Result run = tree.backstopAsNobody("run");
            assertThat(run.exitCode()).as(run.all()).isZero();

            // when the extracted copy holds the read-only directory again
            BackstopProcess.Result test = tree.backstopAsNobody("restore-test");

            // then the test passes and its scratch copy is gone, read-only directory and all
            assertThat(test.exitCode()).as(test.all()).isZero();
            Path scratch = tree.work().resolve("state/restore-test");
            try (Stream<Path> s = Files.exists(scratch) ? Files.list(scratch) : Stream.empty()) {
                assertThat(s.toList()).as("scratch left in " + scratch).isEmpty();
            }
        } finally {
            tree.delete();
        }
    }

    /**
     * A configuration for {@code tree} whose command source, run as nobody, takes away the write
     * permission on the spool directory, so that the run's spool cannot be removed at its end.
     */
    private static void spoolThatCannotBeEmptied(NobodysTree tree, String thenExit, String notifyYaml) throws Exception {
        Path spool = tree.work().resolve("state/spool");
        Files.writeString(tree.config(), Files.readString(tree.config()).replace("targets:", """
                  - name: packages
                    type: command
                    command: [sh, -c, "chmod 500 '%s' && echo tar 1.34 && exit %s"]
                targets:""".formatted(spool, thenExit)) + notifyYaml);
        Files.writeString(tree.data().resolve("kept.txt"), "kept\n");
        Shell.ok("chmod -R a+rX '" + tree.data() + "'");
    }

    @Test
    @RequiresService(Services.Root.class) // it runs backstop as the user nobody, for whom permissions count
    void run_spoolCannotBeEmptiedAfterASuccess_exitsZeroAndSaysSo() throws Exception {
        NobodysTree tree = NobodysTree.create();
        try (LocalHttpServer http = new LocalHttpServer()) {
            // given a run whose spool cannot be removed once the backup is stored, notified on success
            spoolThatCannotBeEmptied(tree, "0", """
                    notify:
                      - type: webhook
                        url: %s
                        on: [success]
                    """.formatted(http.uri("/hook")));

            // when
            BackstopProcess.Result run = tree.backstopAsNobody("run");

            // then the run stays the success that history records and the notification reports, with the warning
            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.err()).contains("could not empty the spool").doesNotContain("internal error");
            assertThat(run.out()).contains("complete").contains("1 warning: could not empty the spool");
            try (HistoryStore history = HistoryStore.open(tree.work().resolve("state/history.db"))) {
                assertThat(history.recentRuns(1).get(0).outcome()).isEqualTo(RunOutcome.SUCCESS);
            }
            JsonNode notice = Json.mapper().readTree(http.requests().get(0).body());
            assertThat(notice.get("exit_code").asInt()).isZero();
            assertThat(notice.get("warnings")).extracting(JsonNode::asText).anyMatch(w -> w.contains(
                    "could not empty the spool"));
        } finally {
            tree.delete();
        }
    }

    @Test
    @RequiresService(Services.Root.class) // it runs backstop as the user nobody, for whom permissions count
    void run_spoolCannotBeEmptiedAfterASourceFailed_stillExitsFiveAndSaysSo() throws Exception {
        NobodysTree tree = NobodysTree.create();
        try {
            // given a source that fails after making the spool impossible to remove
            spoolThatCannotBeEmptied(tree, "3", "");

            // when
            BackstopProcess.Result run = tree.backstopAsNobody("run");

            // then the source failure is the outcome, and history says the spool was left too
            assertThat(run.exitCode()).as(run.all()).isEqualTo(5);
            assertThat(run.err()).contains("could not empty the spool").doesNotContain("internal error");
            try (HistoryStore history = HistoryStore.open(tree.work().resolve("state/history.db"))) {
                var recorded = history.recentRuns(1).get(0);
                assertThat(recorded.outcome()).isEqualTo(RunOutcome.FAILED);
                assertThat(recorded.exitCode()).isEqualTo(5);
                assertThat(recorded.reason()).contains("packages").contains("could not empty the spool");
            }
        } finally {
            tree.delete();
        }
    }
}
