package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Json;
import dev.backstop.target.sftp.TestSshd;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backstop run} through a link to the NAS that breaks again and again: a proxy between
 * backstop and the real sshd cuts every connection after a few hundred KB. Each retry resumes,
 * but the retries run out: the run exits 6, the local copy stays, and the NAS holds nothing.
 */
@RequiresService(Services.Sshd.class)
class SftpRetryIT {

    /** Enough for the handshake, authentication, preflight probe and the cleanup; far less than the upload. */
    private static final long CUT_AFTER = 256 * 1024;

    @TempDir
    Path dir;

    Path nasLocal;

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

    @Test
    void run_everyConnectionCutUntilRetriesRunOut_exitsSixLocalKeptNothingOnTheNas() throws Exception {
        try (CuttingProxy proxy = new CuttingProxy(TestSshd.PORT, CUT_AFTER)) {
            // given 4 MB to upload, a NAS reached only through the proxy, two retries
            String nasPath = TestSshd.PATH + "/it-" + UUID.randomUUID();
            nasLocal = TestSshd.startDir(TestSshd.USER).resolve(nasPath);
            Files.createDirectories(dir.resolve("data"));
            Shell.ok("head -c 4000000 /dev/urandom > '" + dir.resolve("data/big.bin") + "'");
            String pinned = Files.readString(TestSshd.KNOWN_HOSTS).strip()
                    .replace("]:" + TestSshd.PORT + " ", "]:" + proxy.port() + " ");
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), pinned + "\n");
            Path config = Files.writeString(dir.resolve("backstop.yml"), """
                    host: it-host
                    state_dir: %s
                    compression: zstd
                    sources:
                      - name: data
                        type: files
                        paths: [%s]
                    targets:
                      - name: local
                        type: local
                        path: %s
                    %s""".formatted(dir.resolve("state"), dir.resolve("data"), dir.resolve("backups"),
                    TestSshd.targetYaml(proxy.port(), knownHosts, nasPath, "verify: read-back", "retries: 2",
                            "retry_delay: 100ms")));

            // when
            BackstopProcess.Result run = BackstopProcess.run("run", "--json", "--config", config.toString());

            // then
            assertThat(run.exitCode()).as(run.all()).isEqualTo(6);
            assertThat(proxy.cuts.get()).as("the proxy cut the upload on every attempt").isGreaterThanOrEqualTo(3);
            JsonNode json = Json.mapper().readTree(run.out());
            assertThat(json.get("targets")).extracting(t -> t.get("target").asText() + "=" + t.get("state").asText())
                    .containsExactly("local=committed", "nas=failed");
            assertThat(json.get("targets").get(1).get("reason").asText()).isNotBlank();
            assertThat(run.err()).contains("nas");
            assertThat(filesOnTheNas()).as("no final set, no partial set, no temp file").isEmpty();
        }
    }

    private List<Path> filesOnTheNas() throws Exception {
        if (!Files.exists(nasLocal)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(nasLocal)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
