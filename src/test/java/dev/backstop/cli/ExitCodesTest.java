package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ConfigException;
import dev.backstop.core.ExitCode;
import dev.backstop.core.InterruptedRunException;
import dev.backstop.core.LockedException;
import dev.backstop.core.PreflightException;
import dev.backstop.core.SourceException;
import dev.backstop.core.TargetException;
import dev.backstop.history.HistoryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one mapping of exceptions to exit codes, as docs/exit-codes.md tables it. */
class ExitCodesTest {

    @Test
    void codeOf_eachTypedFailure_isItsDocumentedCode() {
        assertThat(ExitCodes.codeOf(new ConfigException("backstop.yml:3:5: targets: missing"))).isEqualTo(2);
        assertThat(ExitCodes.codeOf(new LockedException("another run holds the lock"))).isEqualTo(3);
        assertThat(ExitCodes.codeOf(new PreflightException("spool: no space"))).isEqualTo(4);
        assertThat(ExitCodes.codeOf(new SourceException("mariadb-dump exited 2"))).isEqualTo(5);
        assertThat(ExitCodes.codeOf(new TargetException("nas: unreachable"))).isEqualTo(6);
        assertThat(ExitCodes.codeOf(new InterruptedRunException("INT"))).isEqualTo(130);
        assertThat(ExitCodes.codeOf(new InterruptedRunException("TERM"))).isEqualTo(143);
    }

    @Test
    void codeOf_anythingElse_isAnInternalError() {
        assertThat(ExitCodes.codeOf(new IOException("unexpected"))).isEqualTo(1);
        assertThat(ExitCodes.codeOf(new IllegalStateException("a bug"))).isEqualTo(1);
    }

    @TempDir
    Path dir;

    @Test
    void usageError_mistypedCommand_suggestsTheNearestOne() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int code = Main.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "lst");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unmatched argument at index 0: 'lst'")
                .containsPattern("Did you mean: .*list");
    }

    @Test
    void codeOf_historyException_isFourNotABug() {
        assertThat(ExitCodes.codeOf(new HistoryException("history database x: cannot read")))
                .isEqualTo(ExitCode.PREFLIGHT_FAILED.code());
        assertThat(ExitCodes.codeOf(new IllegalStateException("a bug"))).isEqualTo(ExitCode.INTERNAL_ERROR.code());
    }

    @Test
    void list_damagedHistory_exitsFourNamingTheFileAndTheCureWithoutATrace() throws Exception {
        // given a history that is garbage
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/history.db"), "not a database, but long enough to have a header".repeat(20));
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: h
                state_dir: %s
                sources:
                  - {name: packages, type: command, command: [echo, hi]}
                targets:
                  - {name: local, type: local, path: %s}
                """.formatted(dir.resolve("state"), dir.resolve("backups")));
        Files.createDirectories(dir.resolve("backups"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        // when
        int code = Main.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "list", "--config", config.toString());

        // then
        String printed = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(4);
        assertThat(printed).contains(dir.resolve("state/history.db").toString()).contains("backstop history rebuild")
                .doesNotContain("internal error").doesNotContain("\tat ");
    }
}
