package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed command prints its failure as JSON on standard output when, and only when, --json asks for it. */
class JsonOptionTest {

    @TempDir
    Path dir;

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void failure_withJson_printsOutcomeExitCodeAndReasonOnStdout() throws Exception {
        // given a configuration that does not exist
        String missing = dir.resolve("missing.yml").toString();

        // when
        Result r = run("verify", "--json", "--config", missing);

        // then the exit code, the message on stderr, and the same as JSON on stdout
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("backstop: configuration file " + missing + " does not exist");
        JsonNode json = Json.mapper().readTree(r.out());
        assertThat(json.get("outcome").asText()).isEqualTo("failed");
        assertThat(json.get("exit_code").asInt()).isEqualTo(2);
        assertThat(json.get("reason").asText()).startsWith("configuration file " + missing + " does not exist");
    }

    @Test
    void failure_withoutJson_printsNothingOnStdout() {
        Result r = run("restore-test", "--config", dir.resolve("missing.yml").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("backstop: configuration file ");
    }

    @Test
    void metrics_withJson_printsTheMetricsAsJsonNotPrometheusText() throws Exception {
        // given a configuration whose history does not exist yet
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: json-test
                state_dir: %s
                sources:
                  - {name: application, type: files, paths: [%s]}
                targets:
                  - {name: local, type: local, path: %s}
                """.formatted(dir.resolve("state"), dir, dir.resolve("backups")));

        // when
        Result r = run("metrics", "--json", "--config", config.toString());

        // then
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode metrics = Json.mapper().readTree(r.out()).get("metrics");
        assertThat(metrics.get(0).get("name").asText()).isEqualTo("backstop_info");
        assertThat(metrics.get(0).get("samples").get(0).get("labels").get("host").asText()).isEqualTo("json-test");
        assertThat(metrics.get(0).get("samples").get(0).get("value").asInt()).isEqualTo(1);
    }

    @Test
    void failure_ofACommandWithoutAJsonResult_printsNothingOnStdoutThoughItTakesJson() {
        Result r = run("dashboard", "--json", "--config", dir.resolve("missing.yml").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("backstop: configuration file ");
    }
}
