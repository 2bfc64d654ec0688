package dev.backstop.source.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ByteSize;
import dev.backstop.core.PreflightException;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.SourceContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandSourceTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void dump_commandSucceeds_stdoutIsTheContent() throws Exception {
        CommandSource source = source(List.of("printf", "%s\\n", "one", "two words", "$HOME"), Duration.ofSeconds(10));

        SourceFacts facts = source.dump(out, context());

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("one\ntwo words\n$HOME\n");
        assertThat(facts).isEqualTo(SourceFacts.none());
        assertThat(source.extension()).isEqualTo("txt");
    }

    @Test
    void dump_nonZeroExit_failsQuotingStderr() {
        CommandSource source = source(List.of("sh", "-c", "echo partial; echo 'crontab: no crontab for root' >&2; exit 3"),
                Duration.ofSeconds(10));

        assertThatThrownBy(() -> source.dump(out, context()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("source packages")
                .hasMessageContaining("exited with status 3")
                .hasMessageContaining("crontab: no crontab for root");
    }

    @Test
    void dump_timeoutPasses_killsAndFails() {
        CommandSource source = source(List.of("sh", "-c", "echo started; sleep 30"), Duration.ofMillis(500));
        long start = System.nanoTime();

        assertThatThrownBy(() -> source.dump(out, context()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void preflight_programMissing_failsNamingIt() {
        CommandSource source = source(List.of("no-such-program-xyz", "-W"), Duration.ofSeconds(10));

        assertThatThrownBy(source::preflight)
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("no-such-program-xyz");
    }

    private CommandSource source(List<String> command, Duration timeout) {
        return new CommandSource(new CommandConfig("packages", ByteSize.ofBytes(1), command, timeout),
                new ProcessRunner(Duration.ofSeconds(1)));
    }

    private SourceContext context() {
        return new SourceContext(dir, warning -> { });
    }
}
