package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.cli.ExitCodes;
import dev.backstop.core.ConfigException;
import dev.backstop.core.InterruptedRunException;
import dev.backstop.history.VerificationRecord;
import dev.backstop.verify.DataSelection;
import dev.backstop.verify.VerifyReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The verify workflow: checks, history, notification, against a real backup. */
class VerifyRunTest {

    private static final String KIND = VerificationRecord.VERIFY;
    private static final TargetChoice ALL = new TargetChoice(null, Path.of("backstop.yml"));

    @RegisterExtension
    final WorkflowFixture fixture = new WorkflowFixture();

    @Test
    void execute_corruptSet_recordsTheFindingAndNotifiesTheRealOutcome() throws Exception {
        // given a backup whose files component grew on the target
        Path component = fixture.backup().resolve("data.tar.gz");
        Files.write(component, "junk".getBytes(), StandardOpenOption.APPEND);

        // when
        VerifyReport report = new VerifyRun(fixture.context()).execute(ALL, DataSelection.all());

        // then exit 6, recorded with what was read and found
        assertThat(report.exitCode()).isEqualTo(6);
        VerificationRecord row = fixture.recorded(KIND).get(0);
        assertThat(row.outcome()).isEqualTo("failed");
        assertThat(row.readData()).isEqualTo("all");
        assertThat(row.setsChecked()).isEqualTo(1);
        assertThat(row.findings()).extracting(VerificationRecord.FindingRow::file).containsOnly("data.tar.gz");
        // and notified with the summary line the command prints
        JsonNode notice = fixture.notified(KIND).get(0);
        assertThat(notice.get("outcome").asText()).isEqualTo("failed");
        assertThat(notice.get("exit_code").asInt()).isEqualTo(6);
        assertThat(notice.get("summary").asText())
                .isEqualTo("backstop " + WorkflowFixture.HOST + ": " + VerifyRun.summary(report));
        assertThat(VerifyRun.summary(report)).startsWith("verify FAILED: 0 critical, ");
    }

    @Test
    void execute_intactSet_recordsOkAndNotifiesSuccess() throws Exception {
        // given
        fixture.backup();

        // when
        VerifyReport report = new VerifyRun(fixture.context()).execute(ALL, DataSelection.none());

        // then
        assertThat(report.ok()).as(fixture.logged.toString()).isTrue();
        assertThat(fixture.recorded(KIND)).extracting(VerificationRecord::outcome).containsExactly("ok");
        assertThat(fixture.notified(KIND)).singleElement().satisfies(n -> {
            assertThat(n.get("outcome").asText()).isEqualTo("success");
            assertThat(n.get("summary").asText()).endsWith("verify OK: 1 backup set(s) on local, 0 file(s) re-hashed"
                    + " (0 B, read data: none)");
        });
    }

    @Test
    void execute_signal_throwsItAndRecordsAndNotifiesNothing() throws Exception {
        // given a signal that came before the first set was checked
        fixture.backup();
        Cancellation cancellation = new Cancellation();
        cancellation.bind(Thread.currentThread());
        cancellation.request("INT");

        // when / then exit 130
        try {
            assertThatThrownBy(() -> new VerifyRun(fixture.context(cancellation, t -> t)).execute(ALL, DataSelection.none()))
                    .isInstanceOfSatisfying(InterruptedRunException.class,
                            e -> assertThat(ExitCodes.codeOf(e)).isEqualTo(130));
        } finally {
            Thread.interrupted();
        }
        assertThat(fixture.recorded(KIND)).isEmpty();
        assertThat(fixture.notified(KIND)).isEmpty();
    }

    @Test
    void execute_unknownTarget_isAConfigErrorThatRecordsAndNotifiesNothing() throws Exception {
        // when / then
        assertThatThrownBy(() -> new VerifyRun(fixture.context())
                .execute(new TargetChoice("nas", Path.of("backstop.yml")), DataSelection.none()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--target nas: no such target in backstop.yml (known: local)");
        assertThat(fixture.recorded(KIND)).isEmpty();
        assertThat(fixture.notified(KIND)).isEmpty();
    }
}
