package dev.backstop.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backstop.core.Json;
import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * The {@code --json} option of a command that has a result, and the one way to print that result,
 * or the command's failure, as JSON (with the one mapping of {@link Json}). {@link ExitCodes}
 * prints the failure of every command that mixes this in and was given {@code --json}.
 */
final class JsonOption {

    static final String DESCRIPTION = "Print a machine-readable JSON result instead of the summary line.";

    @Option(names = "--json", description = DESCRIPTION)
    boolean requested;

    boolean requested() {
        return requested;
    }

    /** Prints {@code result} (a record, a map) as one JSON document. */
    void print(PrintStream out, Object result) throws IOException {
        out.println(Json.mapper().writeValueAsString(result));
    }

    /** Prints {@code {"outcome":"failed","exit_code":N,"reason":...}} for a command that failed. */
    static void printFailure(PrintStream out, Exception ex, int exitCode) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("outcome", "failed");
        node.put("exit_code", exitCode);
        node.put("reason", ex.getMessage() == null ? ex.toString() : ex.getMessage());
        out.println(node.toPrettyString());
    }

    /** True when {@code command} mixes this in and was given {@code --json}. */
    static boolean requestedBy(CommandLine command) {
        return command.getCommandSpec().mixins().values().stream().map(CommandSpec::userObject)
                .anyMatch(mixin -> mixin instanceof JsonOption json && json.requested());
    }
}
