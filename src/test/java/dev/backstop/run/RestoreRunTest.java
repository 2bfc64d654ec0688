package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ConfigException;
import dev.backstop.core.TargetException;
import dev.backstop.history.VerificationRecord;
import dev.backstop.verify.RestoreReport;
import dev.backstop.verify.RestoreRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The restore workflow: one backup into a directory; no history row, no notification. */
class RestoreRunTest {

    private static final TargetChoice FIRST = new TargetChoice(null, Path.of("backstop.yml"));

    @RegisterExtension
    final WorkflowFixture fixture = new WorkflowFixture();

    private RestoreRequest request(String backupId, Path to, Set<String> only) {
        return new RestoreRequest(backupId, to, Map.of(), only, false);
    }

    @Test
    void execute_backup_restoresTheFilesAndRecordsAndNotifiesNothing() throws Exception {
        // given
        String id = fixture.backup().getFileName().toString();
        Path to = fixture.dir.resolve("restored");

        // when
        RestoreReport report = new RestoreRun(fixture.context()).execute(FIRST, request(id, to, Set.of()));

        // then
        assertThat(report.ok()).as(fixture.logged.toString()).isTrue();
        assertThat(report.exitCode()).isZero();
        try (Stream<Path> files = Files.walk(to.resolve("data"))) {
            assertThat(files.filter(p -> p.endsWith("data/index.html")).toList()).singleElement()
                    .satisfies(p -> assertThat(p).hasContent("hello"));
        }
        assertThat(fixture.recorded(VerificationRecord.RESTORE_TEST)).isEmpty();
        assertThat(fixture.notified("restore")).isEmpty();
        assertThat(fixture.config.stateDir().resolve("restore")).isEmptyDirectory();
    }

    @Test
    void execute_unknownComponentOrBackup_isRefusedAndWritesNothing() throws Exception {
        // given
        String id = fixture.backup().getFileName().toString();
        Path to = fixture.dir.resolve("restored");
        RestoreRun restore = new RestoreRun(fixture.context());

        // when / then
        assertThatThrownBy(() -> restore.execute(FIRST, request(id, to, Set.of("nope"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("--only nope: backup " + id);
        assertThatThrownBy(() -> restore.execute(FIRST, request("20200101T000000Z", to, Set.of())))
                .isInstanceOf(TargetException.class).hasMessageContaining("holds no backup 20200101T000000Z");
        assertThat(to).doesNotExist();
    }
}
