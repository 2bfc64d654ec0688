package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Only the subcommand a line names is built; every other line gets all of them. */
class BackstopCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void commandLine_subcommandNamed_onlyThatOne() {
        assertThat(commandLine("run").getSubcommands()).containsOnlyKeys("run");
        assertThat(commandLine("restore-test").getSubcommands()).containsOnlyKeys("restore-test");
    }

    @Test
    void commandLine_noneNamedOrOneReadingTheTree_allEachUnderItsOwnName() {
        for (String first : new String[] {null, "--help", "rn", "man", "generate-completion"}) {
            CommandLine cli = commandLine(first);

            assertThat(cli.getSubcommands()).as(first).hasSize(17).containsKeys("run", "verify", "man");
            cli.getSubcommands().forEach((name, sub) -> assertThat(sub.getCommandName()).isEqualTo(name));
        }
    }

    @Test
    void run_noSubcommand_usageListsThemAll() {
        int code = Main.run(print(out), print(err));

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("  run ", "  archive-logs ", "  restore-test ", "  dashboard ");
    }

    @Test
    void run_mistypedSubcommand_usageErrorAsBefore() {
        int code = Main.run(print(out), print(err), "rn", "--config", "backstop.yml");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Unmatched arguments from index 0: 'rn'")
                .contains("Try 'backstop --help'");
    }

    @Test
    void run_helpOfOneSubcommand_itsOwnUsage() {
        int code = Main.run(print(out), print(err), "verify", "--help");

        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: backstop verify");
    }

    private CommandLine commandLine(String first) {
        return BackstopCommand.commandLine(print(out), print(err), first);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
