package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** restore and restore-test say each component once on a terminal: the log has said it already. */
class TerminalProgressTest {

    private static final List<String> COMPONENTS = List.of("appdb (mysql): loaded in 4.2s; matches the manifest");

    @Test
    void componentLines_onATerminal_areLeftToTheLog() {
        assertThat(TerminalProgress.componentLines(COMPONENTS, true)).isEmpty();
    }

    @Test
    void componentLines_elsewhere_areIndentedOnStandardOutput() {
        assertThat(TerminalProgress.componentLines(COMPONENTS, false))
                .containsExactly("  appdb (mysql): loaded in 4.2s; matches the manifest");
    }
}
