package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.cli.ExitCodes;
import dev.backstop.core.ConfigException;
import dev.backstop.core.InterruptedRunException;
import dev.backstop.core.LockedException;
import dev.backstop.history.VerificationRecord;
import dev.backstop.target.ForwardingTarget;
import dev.backstop.verify.RestoreTestReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The restore-test workflow: lock, restore test, history, notification, against a real backup. */
class RestoreTestRunTest {

    private static final String KIND = VerificationRecord.RESTORE_TEST;

    @RegisterExtension
    final WorkflowFixture fixture = new WorkflowFixture();

    private static TargetChoice first() {
        return new TargetChoice(null, Path.of("backstop.yml"));
    }

    @Test
    void execute_lockHeld_throwsLockedRecordsAndNotifiesNothing() throws Exception {
        // given a backup, and another restore test holding the lock
        fixture.backup();
        Path lockFile = fixture.config.stateDir().resolve(RestoreTestRun.LOCK_FILE);
        try (RunLock held = RunLock.acquire(lockFile)) {

            // when / then exit 3, with the message naming the lock
            assertThatThrownBy(() -> new RestoreTestRun(fixture.context()).execute(first(), null))
                    .isInstanceOfSatisfying(LockedException.class,
                            e -> assertThat(ExitCodes.codeOf(e)).isEqualTo(3))
                    .hasMessage("another restore test holds the lock " + lockFile + "; nothing was touched");
        }

        // and nothing was recorded, notified or left in scratch space
        assertThat(fixture.recorded(KIND)).isEmpty();
        assertThat(fixture.notified(KIND)).isEmpty();
        assertThat(fixture.config.stateDir().resolve("restore-test")).doesNotExist();
    }

    @Test
    void execute_encryptedBackupWithoutIdentity_recordsAndNotifiesNotRunWithExit4NeverAFailure() throws Exception {
        // given an encrypted backup, and an identity_file that is not on this server
        var c = fixture.config;
        Path missing = fixture.dir.resolve("age-key.txt");
        fixture.config = new dev.backstop.config.BackstopConfig(c.file(), c.host(), c.stateDir(), c.sources(),
                c.compression(), c.targets(), c.anomaly(), c.sourceAnomaly(), c.notifiers(),
                new dev.backstop.config.EncryptionConfig(
                        java.util.List.of(dev.backstop.encryption.AgeIdentity.generate().recipient()), missing));
        fixture.backup();

        // when / then exit 4, the test could not run
        assertThatThrownBy(() -> new RestoreTestRun(fixture.context()).execute(first(), null))
                .satisfies(e -> assertThat(ExitCodes.codeOf((Exception) e)).isEqualTo(4))
                .hasMessageStartingWith("restore-test could not run: identity missing: ")
                .hasMessageContaining(missing + " does not exist");

        // and history holds a row "not run" whose finding is a WARNING, not a failure of the backup
        VerificationRecord row = fixture.recorded(KIND).get(0);
        assertThat(row.outcome()).isEqualTo("not run");
        assertThat(row.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo("WARNING");
            assertThat(f.problem()).startsWith("identity missing: ").contains(missing + " does not exist");
        });
        // and the notifiers of failures hear that it could not run, with exit code 4
        JsonNode notice = fixture.notified(KIND).get(0);
        assertThat(notice.get("outcome").asText()).isEqualTo("not run");
        assertThat(notice.get("exit_code").asInt()).isEqualTo(4);
        assertThat(notice.get("summary").asText()).contains("restore-test could not run: identity missing")
                .doesNotContain("FAILED");
        // and status warns about the identity (a WARNING, never CRITICAL for the backup)
        assertThat(DecryptionKeys.problem(fixture.config)).contains(missing + " does not exist");
    }

    @Test
    void execute_goodBackup_recordsOkAndNotifiesSuccessWithTheSummaryLine() throws Exception {
        // given
        Path set = fixture.backup();

        // when
        RestoreTestReport report = new RestoreTestRun(fixture.context()).execute(first(), null);

        // then
        assertThat(report.ok()).as(fixture.logged.toString()).isTrue();
        assertThat(report.exitCode()).isZero();
        assertThat(fixture.logged.toString()).as("durations in one format, as the restore time's")
                .containsPattern(" in [0-9.]+(ms|s); matches the manifest").doesNotContain(" ms;");
        assertThat(report.backupId()).isEqualTo(set.getFileName().toString());
        VerificationRecord row = fixture.recorded(KIND).get(0);
        assertThat(row.outcome()).isEqualTo("ok");
        assertThat(row.backupId()).isEqualTo(report.backupId());
        assertThat(row.targets()).isEqualTo("local");
        assertThat(row.restoreMs()).isEqualTo(report.restoreTime().toMillis());
        assertThat(row.filesRead()).isEqualTo(1);
        JsonNode notice = fixture.notified(KIND).get(0);
        assertThat(notice.get("outcome").asText()).isEqualTo("success");
        assertThat(notice.get("exit_code").asInt()).isZero();
        assertThat(notice.get("id").asText()).isEqualTo(report.backupId());
        assertThat(notice.get("summary").asText())
                .isEqualTo("backstop " + WorkflowFixture.HOST + ": " + RestoreTestRun.summary(report));
        assertThat(RestoreTestRun.summary(report)).startsWith("restore-test OK: backup " + report.backupId()
                + " from local: 1 component(s), ");
        assertThat(fixture.config.stateDir().resolve("restore-test")).isEmptyDirectory();
    }

    @Test
    void execute_corruptThenRepaired_recordsFailureWithItsFindingThenNotifiesTheRecovery() throws Exception {
        // given a backup whose files component grew on the target
        Path component = fixture.backup().resolve("data.tar.gz");
        byte[] good = Files.readAllBytes(component);
        Files.write(component, "junk".getBytes(), StandardOpenOption.APPEND);

        // when
        RestoreTestReport failed = new RestoreTestRun(fixture.context()).execute(first(), null);

        // then exit 6, recorded with the finding, and the failure notified with it
        assertThat(failed.exitCode()).isEqualTo(6);
        VerificationRecord row = fixture.recorded(KIND).get(0);
        assertThat(row.outcome()).isEqualTo("failed");
        assertThat(row.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo("ERROR");
            assertThat(f.file()).isEqualTo("data.tar.gz");
        });
        JsonNode failure = fixture.notified(KIND).get(0);
        assertThat(failure.get("outcome").asText()).isEqualTo("failed");
        assertThat(failure.get("exit_code").asInt()).isEqualTo(6);
        assertThat(failure.get("events")).extracting(JsonNode::asText).containsExactly("FAILURE");
        assertThat(failure.get("summary").asText()).contains("restore-test FAILED (1 problem(s)): ");
        assertThat(failure.get("findings")).singleElement().extracting(JsonNode::asText).asString()
                .contains("data.tar.gz");

        // when the file is good again
        Files.write(component, good);
        RestoreTestReport passed = new RestoreTestRun(fixture.context()).execute(first(), null);

        // then the success after the failure is a recovery
        assertThat(passed.ok()).isTrue();
        assertThat(fixture.recorded(KIND)).extracting(VerificationRecord::outcome).containsExactly("ok", "failed");
        assertThat(fixture.notified(KIND).get(1).get("events")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("SUCCESS", "RECOVERY");
    }

    @Test
    void execute_signalDuringDownload_recordsInterruptedNotifiesNobodyAndThrowsTheSignal() throws Exception {
        // given a target on which SIGTERM arrives while a component downloads
        fixture.backup();
        Cancellation cancellation = new Cancellation();
        WorkflowContext context = fixture.context(cancellation, t -> new ForwardingTarget(t) {
            @Override
            public InputStream read(String path) throws IOException {
                if (path.endsWith(".tar.gz")) {
                    cancellation.request("TERM");
                    throw new InterruptedIOException("interrupted by the test");
                }
                return super.read(path);
            }
        });

        // when / then exit 143
        assertThatThrownBy(() -> new RestoreTestRun(context).execute(first(), null))
                .isInstanceOfSatisfying(InterruptedRunException.class,
                        e -> assertThat(ExitCodes.codeOf(e)).isEqualTo(143));

        // and history says so, nobody was notified, and the scratch space is gone
        VerificationRecord row = fixture.recorded(KIND).get(0);
        assertThat(row.outcome()).isEqualTo("interrupted");
        assertThat(row.targets()).isEqualTo("local");
        assertThat(fixture.notified(KIND)).isEmpty();
        assertThat(fixture.config.stateDir().resolve("restore-test")).isEmptyDirectory();
    }

    @Test
    void execute_unknownTarget_isAConfigErrorThatRecordsAndNotifiesNothing() throws Exception {
        // given
        fixture.backup();

        // when / then
        assertThatThrownBy(() -> new RestoreTestRun(fixture.context())
                .execute(new TargetChoice("nas", Path.of("backstop.yml")), null))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--target nas: no such target in backstop.yml (known: local)");
        assertThat(fixture.recorded(KIND)).isEmpty();
        assertThat(fixture.notified(KIND)).isEmpty();
    }
}
