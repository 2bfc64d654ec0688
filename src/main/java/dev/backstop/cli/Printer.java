package dev.backstop.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.backstop.core.Json;
import java.io.PrintStream;

/** JSON output of commands, with the one mapping of {@link Json}. */
final class Printer {

    private Printer() {
    }

    static void json(PrintStream out, Object result) throws java.io.IOException {
        out.println(Json.mapper().writeValueAsString(result));
    }

    static void jsonFailure(PrintStream out, Exception ex, int exitCode) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("outcome", "failed");
        node.put("exit_code", exitCode);
        node.put("reason", ex.getMessage() == null ? ex.toString() : ex.getMessage());
        out.println(node.toPrettyString());
    }
}
