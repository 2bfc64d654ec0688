package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Json;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.VerificationRecord;
import dev.backstop.notify.LocalHttpServer;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@code backstop verify} end to end: a good backup passes, every fault is caught and named. */
class VerifyIT extends WithBackupFixture {

    @ParameterizedTest
    @EnumSource(BackupFixture.Storage.class)
    void verify_goodBackup_passesWithReadDataAndIsRecorded(BackupFixture.Storage storage) throws Exception {
        // given a backup
        on(storage);
        fixture.backup();

        // when
        BackstopProcess.Result verify = fixture.backstop("verify", "--read-data");

        // then
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        assertThat(verify.out()).contains("verify OK: 1 backup set(s) on " + fixture.target + ", 5 file(s) re-hashed");
        try (HistoryStore history = HistoryStore.open(dir.resolve("state/history.db"))) {
            List<VerificationRecord> recorded = history.recentVerifications(VerificationRecord.VERIFY, 5);
            assertThat(recorded).hasSize(1);
            assertThat(recorded.get(0).outcome()).isEqualTo("ok");
            assertThat(recorded.get(0).filesRead()).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @EnumSource(BackupFixture.Storage.class)
    void verify_flippedByteOnTheStorage_isCaughtNamedAndExits6(BackupFixture.Storage storage) throws Exception {
        // given a backup with one bit flipped where it is stored (on the sftp server's disk for sftp)
        on(storage);
        Path set = fixture.backup();
        flip(set.resolve("application.tar.gz"), 40);

        // when
        BackstopProcess.Result verify = fixture.backstop("verify", "--read-data");

        // then
        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(6);
        assertThat(verify.out()).contains("ERROR " + fixture.target + " " + set.getFileName() + " application.tar.gz: read ")
                .contains("the stored file is corrupt").contains("verify FAILED: 0 critical, 1 error(s), 0 warning(s)");
    }

    @Test
    void verify_failsThenPasses_webhookGetsTheFailureAsJsonThenTheRecovery() throws Exception {
        try (LocalHttpServer http = new LocalHttpServer()) {
            // given a webhook for failures and recoveries, with the pings of runs, and a damaged backup
            fixture.append("""
                    notify:
                      - type: webhook
                        url: %s
                        on: [failure, recovery]
                        pings: {success: %s, fail: %s}
                    """.formatted(http.uri("/hook"), http.uri("/ok"), http.uri("/fail")));
            Path set = fixture.backup();
            int afterRun = http.requests().size();
            flip(set.resolve("application.tar.gz"), 40);

            // when
            BackstopProcess.Result failed = fixture.backstop("verify", "--read-data");

            // then one JSON POST names the check, the outcome and the finding; no run ping is sent
            assertThat(failed.exitCode()).as(failed.all()).isEqualTo(6);
            List<LocalHttpServer.Request> sent = http.requests().subList(afterRun, http.requests().size());
            assertThat(sent).extracting(LocalHttpServer.Request::path).containsExactly("/hook");
            JsonNode json = Json.mapper().readTree(sent.get(0).body());
            assertThat(json.get("kind").asText()).isEqualTo("verify");
            assertThat(json.get("outcome").asText()).isEqualTo("failed");
            assertThat(json.get("exit_code").asInt()).isEqualTo(6);
            assertThat(json.get("events")).extracting(JsonNode::asText).containsExactly("FAILURE");
            assertThat(json.get("summary").asText()).startsWith("backstop vt-host: verify FAILED: 0 critical, 1 error(s)");
            assertThat(json.get("findings")).singleElement().extracting(JsonNode::asText).asString()
                    .startsWith("ERROR local " + set.getFileName() + " application.tar.gz: read ");

            // and when the byte is repaired, the next verify reports the recovery
            flip(set.resolve("application.tar.gz"), 40);
            assertThat(fixture.backstop("verify", "--read-data").exitCode()).isZero();
            List<LocalHttpServer.Request> later = http.requests().subList(afterRun + 1, http.requests().size());
            assertThat(later).extracting(LocalHttpServer.Request::path).containsExactly("/hook");
            JsonNode recovery = Json.mapper().readTree(later.get(0).body());
            assertThat(recovery.get("events")).extracting(JsonNode::asText).containsExactlyInAnyOrder("SUCCESS", "RECOVERY");
            assertThat(recovery.get("outcome").asText()).isEqualTo("success");
        }
    }

    private static void flip(Path file, long at) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x01);
        }
    }

    @Test
    void verify_everyFault_isCaughtNamedAndExits6() throws Exception {
        // given three backups, then damage done to them outside backstop
        Path damaged = fixture.backup();
        Path noManifest = fixture.backup();
        Path deleted = fixture.backup();
        try (RandomAccessFile f = new RandomAccessFile(damaged.resolve("application.tar.gz").toFile(), "rw")) {
            f.seek(40);
            int b = f.read();
            f.seek(40);
            f.write(b ^ 0x01); // one flipped bit
        }
        try (RandomAccessFile f = new RandomAccessFile(damaged.resolve("appdb.sql.gz").toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        Files.delete(damaged.resolve("packages.txt.gz"));
        Files.delete(noManifest.resolve("MANIFEST.json"));
        Shell.ok("rm -rf '" + deleted + "'");
        Files.createDirectories(dir.resolve("backups/vt-host/.partial/20200101T000000Z"));
        Files.writeString(damaged.resolve("notes.txt"), "someone's notes\n");

        // when
        BackstopProcess.Result verify = fixture.backstop("verify", "--read-data");

        // then every fault is named with its backup and file, not only the first
        String id = damaged.getFileName().toString();
        assertThat(verify.exitCode()).as(verify.all()).isEqualTo(6);
        assertThat(verify.out())
                .contains("ERROR local " + id + " application.tar.gz: read ")
                .contains("the stored file is corrupt")
                .contains("ERROR local " + id + " appdb.sql.gz: component appdb has ")
                .contains("(truncated or replaced)")
                .contains("ERROR local " + id + " packages.txt.gz: component packages is missing")
                .contains("ERROR local " + noManifest.getFileName() + " MANIFEST.json: MANIFEST.json is missing")
                .contains("CRITICAL local " + deleted.getFileName() + ": history records this backup as committed")
                .contains("CRITICAL local " + noManifest.getFileName() + ": history records this backup as committed")
                .contains("WARNING local 20200101T000000Z: orphaned partial set")
                .contains("WARNING local " + id + " notes.txt: unknown file")
                .contains("verify FAILED: 2 critical, 4 error(s), 2 warning(s)");
        try (HistoryStore history = HistoryStore.open(dir.resolve("state/history.db"))) {
            VerificationRecord recorded = history.recentVerifications(VerificationRecord.VERIFY, 1).get(0);
            assertThat(recorded.outcome()).isEqualTo("failed");
            assertThat(recorded.findings()).hasSize(8);
        }
    }

    @Test
    void verify_withoutReadData_catchesSizesButNotAFlippedByte() throws Exception {
        // given a backup with one flipped byte (same size)
        Path set = fixture.backup();
        try (RandomAccessFile f = new RandomAccessFile(set.resolve("application.tar.gz").toFile(), "rw")) {
            f.seek(40);
            int b = f.read();
            f.seek(40);
            f.write(b ^ 0xff);
        }

        // when / then: sizes alone cannot see it, a read-data slice that holds the file can
        assertThat(fixture.backstop("verify").exitCode()).isZero();
        int failures = 0;
        for (int n = 1; n <= 3; n++) {
            BackstopProcess.Result slice = fixture.backstop("verify", "--read-data-subset", n + "/3");
            failures += slice.exitCode() == 6 ? 1 : 0;
        }
        assertThat(failures).as("exactly one of the three slices holds the damaged file").isEqualTo(1);
    }

    @Test
    void verify_badSubset_isUsageError() throws Exception {
        BackstopProcess.Result r = fixture.backstop("verify", "--read-data-subset", "4/3");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("N/T needs 1 <= N <= T");
    }
}
