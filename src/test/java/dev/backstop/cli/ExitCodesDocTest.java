package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ExitCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** docs/exit-codes.md, each command's --help and {@link ExitCode} say the same thing. */
class ExitCodesDocTest {

    private static final Pattern ROW = Pattern.compile("^\\| `backstop ([a-z -]+)` \\| ([0-9, ]+) \\|$", Pattern.MULTILINE);

    @Test
    void docsTable_everyCommand_listsExactlyTheCodesOfItsHelp() throws Exception {
        // given the commands as picocli knows them, and the table of the docs
        Map<String, List<Integer>> documented = documented();
        Map<String, List<Integer>> declared = new LinkedHashMap<>();
        collect(BackstopCommand.commandLine(quiet(), quiet(), null), declared);

        // then each command is documented with the codes its --help lists, and nothing else is documented
        assertThat(declared).as("every command declares its exit codes for --help").allSatisfy((name, codes) ->
                assertThat(codes).as(name).isNotEmpty().contains(0));
        assertThat(documented).isEqualTo(declared);
    }

    @Test
    void docsTable_everyCode_isOneOfExitCode() throws Exception {
        List<Integer> known = Arrays.stream(ExitCode.values()).map(ExitCode::code).toList();

        assertThat(documented().values()).allSatisfy(codes -> assertThat(known).containsAll(codes));
    }

    private static Map<String, List<Integer>> documented() throws Exception {
        String doc = Files.readString(Path.of("docs/exit-codes.md"));
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(doc);
        while (m.find()) {
            rows.put(m.group(1), Arrays.stream(m.group(2).split(",")).map(String::strip).map(Integer::valueOf).toList());
        }
        return rows;
    }

    /** Leaf commands (those that run something), named as typed after "backstop". */
    private static void collect(CommandLine cmd, Map<String, List<Integer>> out) {
        if (cmd.getCommandSpec().usageMessage().hidden() || cmd.getCommandName().equals("generate-completion")) {
            return; // helpers that print a script or a man page, not part of the backup interface
        }
        if (cmd.getSubcommands().isEmpty()) {
            List<Integer> codes = new ArrayList<>();
            cmd.getCommandSpec().usageMessage().exitCodeList().keySet()
                    .forEach(k -> codes.add(Integer.valueOf(k.strip())));
            String name = cmd.getCommandSpec().qualifiedName(" ").replaceFirst("^backstop ", "");
            out.put(name, codes);
            return;
        }
        // distinct: picocli lists a command once per alias
        cmd.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, out));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
