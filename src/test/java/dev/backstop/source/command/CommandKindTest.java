package dev.backstop.source.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ByteSize;
import dev.backstop.core.Findings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code config check} finds in a command source: a program that is not installed. */
class CommandKindTest {

    @Test
    void check_programNotOnPath_error() {
        CommandConfig config = new CommandConfig("packages", ByteSize.ofBytes(1), List.of("no-such-program-xyz", "-W"),
                Duration.ofMinutes(1));

        Findings findings = new Findings();
        new CommandKind().check(config, findings);

        assertThat(findings.errors()).singleElement().asString()
                .startsWith("source packages: command: no executable no-such-program-xyz found on PATH");
    }

    @Test
    void check_programInstalled_nothingFound() {
        CommandConfig config = new CommandConfig("packages", ByteSize.ofBytes(1), List.of("true"), Duration.ofMinutes(1));

        Findings findings = new Findings();
        new CommandKind().check(config, findings);

        assertThat(findings.errors()).isEmpty();
    }
}
