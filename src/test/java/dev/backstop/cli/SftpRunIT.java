package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Json;
import dev.backstop.core.RunOutcome;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.TargetCommitRecord;
import dev.backstop.target.sftp.TestSshd;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backstop run} end to end with an sftp target on the real OpenSSH server of the test
 * machine, beside a local one: both commit, the server's own sha256sum checks the set; a NAS
 * that cannot be trusted is left out and named everywhere; a kill mid-upload leaves nothing final.
 */
@RequiresService(Services.Sshd.class)
class SftpRunIT {

    @TempDir
    Path dir;

    String nasPath;
    Path nasLocal;

    @BeforeEach
    void setUp() throws Exception {
        nasPath = TestSshd.PATH + "/it-" + UUID.randomUUID();
        nasLocal = TestSshd.startDir(TestSshd.USER).resolve(nasPath);
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/index.php"), "<?php echo 'hello';\n");
        Files.writeString(dir.resolve("www/Zoë Müller.txt"), "non-ASCII name\n");
    }

    @AfterEach
    void removeNasDirectory() throws Exception {
        if (nasLocal != null && Files.exists(nasLocal)) {
            try (Stream<Path> walk = Files.walk(nasLocal)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private Path config(boolean withLocal, Path knownHosts, String sourcePath) throws Exception {
        String local = withLocal ? """
                  - name: local
                    type: local
                    path: %s
                """.formatted(dir.resolve("backups")) : "";
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: %s
                compression: zstd
                sources:
                  - name: www
                    type: files
                    paths: [%s]
                targets:
                %s%s""".formatted(dir.resolve("state"), sourcePath, local,
                TestSshd.targetYaml(TestSshd.PORT, knownHosts, nasPath, "retries: 1", "retry_delay: 100ms")));
        return config;
    }

    private static String ssh(String remoteCommand) {
        return "ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -o UserKnownHostsFile=" + TestSshd.KNOWN_HOSTS
                + " -i " + TestSshd.key("id_ed25519") + " -p " + TestSshd.PORT + " " + TestSshd.USER + "@" + TestSshd.HOST
                + " " + quote(remoteCommand);
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private Path wrongKnownHosts() throws Exception {
        Path key = dir.resolve("other_host_key");
        Shell.ok("ssh-keygen -q -t ed25519 -N '' -f '" + key + "'");
        String pub = Files.readString(dir.resolve("other_host_key.pub")).strip();
        return Files.writeString(dir.resolve("wrong_known_hosts"), "[" + TestSshd.HOST + "]:" + TestSshd.PORT + " "
                + pub.substring(0, pub.lastIndexOf(' ')) + "\n");
    }

    @Test
    void run_localAndSftp_commitsBothAndSha256sumOnTheServerPasses() throws Exception {
        Path config = config(true, TestSshd.KNOWN_HOSTS, dir.resolve("www").toString());

        BackstopProcess.Result first = BackstopProcess.run("run", "--json", "--config", config.toString());

        assertThat(first.exitCode()).as(first.all()).isZero();
        JsonNode json = Json.mapper().readTree(first.out());
        assertThat(json.get("targets")).extracting(t -> t.get("target").asText() + "=" + t.get("state").asText())
                .containsExactly("local=committed", "nas=committed");
        String finalDir = json.get("targets").get(1).get("path").asText();
        String remoteDir = nasPath + "/" + finalDir;
        Shell.Result check = Shell.run(ssh("cd " + quote(remoteDir) + " && sha256sum -c SHA256SUMS"));
        assertThat(check.exitCode()).as(check.toString()).isZero();
        assertThat(check.toString()).contains("www.tar.zst: OK");
        assertThat(json.get("targets").get(1).get("verified").asText())
                .as("verify: auto reads back until the server's sha256sum matched a read-back").startsWith("read-back");

        BackstopProcess.Result second = BackstopProcess.run("run", "--json", "--config", config.toString());

        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(Json.mapper().readTree(second.out()).get("targets").get(1).get("verified").asText())
                .as("proven on this target: the server's sha256sum").isEqualTo("storage-hash");
        assertThat(dir.resolve("state/sftp/nas.remote-hash-proof")).exists();
    }

    @Test
    void run_nasHostKeyChanged_exitsSixLocalCommittedAndEveryReportNamesTheNas() throws Exception {
        Path config = config(true, wrongKnownHosts(), dir.resolve("www").toString());

        BackstopProcess.Result plain = BackstopProcess.run("run", "--config", config.toString());
        BackstopProcess.Result json = BackstopProcess.run("run", "--json", "--config", config.toString());

        assertThat(plain.exitCode()).as(plain.all()).isEqualTo(6);
        String summary = plain.out().strip().lines().reduce((a, b) -> b).orElse("");
        assertThat(summary).contains("nas");
        assertThat(plain.err()).contains("target nas left out of this run").contains("CHANGED");
        assertThat(json.exitCode()).isEqualTo(6);
        JsonNode result = Json.mapper().readTree(json.out());
        assertThat(result.get("targets").get(0).get("state").asText()).isEqualTo("committed");
        assertThat(result.get("targets").get(1).get("target").asText()).isEqualTo("nas");
        assertThat(result.get("targets").get(1).get("state").asText()).isEqualTo("skipped");
        assertThat(result.get("targets").get(1).get("reason").asText()).contains("CHANGED").contains("SHA256:");
        try (HistoryStore history = HistoryStore.open(dir.resolve("state/history.db"))) {
            var run = history.recentRuns(1).get(0);
            assertThat(run.outcome()).isEqualTo(RunOutcome.PARTIAL);
            assertThat(history.commits(run.id())).anySatisfy(c -> {
                assertThat(c.target()).isEqualTo("nas");
                assertThat(c.outcome()).isNotEqualTo(TargetCommitRecord.Outcome.COMMITTED);
                assertThat(c.reason()).contains("CHANGED");
            });
        }
        assertThat(nasLocal).doesNotExist();
    }

    @Test
    void run_onlyTargetRefusesItsHostKey_exitsFour() throws Exception {
        Path config = config(false, wrongKnownHosts(), dir.resolve("www").toString());

        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());

        assertThat(run.exitCode()).as(run.all()).isEqualTo(4);
        assertThat(run.err()).contains("no usable target").contains("nas");
    }

    @Test
    void hostkey_sftpTarget_printsThePinnedLineAndItsFingerprint() throws Exception {
        Path config = config(false, TestSshd.KNOWN_HOSTS, dir.resolve("www").toString());
        String fingerprint = Shell.ok("ssh-keygen -lf " + TestSshd.DIR.resolve("ssh_host_ed25519_key.pub")).split(" ")[1];

        BackstopProcess.Result run = BackstopProcess.run("hostkey", "--target", "nas", "--config", config.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo(Files.readString(TestSshd.KNOWN_HOSTS).strip());
        assertThat(lines.get(1)).contains(fingerprint).contains("pinned in");
        assertThat(nasLocal).as("nothing was written").doesNotExist();
    }

    @Test
    void hostkey_unknownServer_printsTheLineAndAcceptsNothing() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty_known_hosts"), "");
        Path config = config(false, empty, dir.resolve("www").toString());

        BackstopProcess.Result run = BackstopProcess.run("hostkey", "--target", "nas", "--config", config.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("not pinned").contains("SHA256:");
        assertThat(empty).isEmptyFile();
    }

    @Test
    void run_killedDuringUpload_leavesNothingFinalAndTheNextRunSweeps() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Shell.ok("head -c 300000000 /dev/urandom > '" + dir.resolve("data/big.bin") + "'");
        Path config = config(false, TestSshd.KNOWN_HOSTS, dir.resolve("data").toString());
        Process run = BackstopProcess.start(dir, Map.of(), List.of(), "run", "--config", config.toString());
        Path partial = nasLocal.resolve("it-host/.partial");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!uploading(partial) && System.nanoTime() < deadline && run.isAlive()) {
            Thread.sleep(5);
        }
        assertThat(run.isAlive()).as("still uploading when killed").isTrue();

        Shell.ok("kill -KILL " + run.pid());
        run.waitFor(10, TimeUnit.SECONDS);

        assertThat(manifestsOnTheNas()).isEmpty();
        assertThat(entries(partial)).isNotEmpty();

        BackstopProcess.Result next = BackstopProcess.run("run", "--config", config.toString());

        assertThat(next.exitCode()).as(next.all()).isZero();
        assertThat(next.err()).contains("left by an interrupted run");
        assertThat(entries(partial)).isEmpty();
        assertThat(manifestsOnTheNas()).hasSize(1);
    }

    /** True once a component file of an in-flight set has bytes on the server. */
    private static boolean uploading(Path partial) throws Exception {
        for (Path set : entries(partial)) {
            for (Path f : entries(set)) {
                if (f.getFileName().toString().endsWith(".zst") && Files.size(f) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<Path> entries(Path d) throws Exception {
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.toList();
        }
    }

    private List<Path> manifestsOnTheNas() throws Exception {
        if (!Files.exists(nasLocal)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(nasLocal)) {
            return s.filter(p -> p.getFileName().toString().equals("MANIFEST.json"))
                    .filter(p -> !p.toString().contains("/.partial/")).toList();
        }
    }
}
