package dev.backstop.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.cli.ExitCodes;
import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.EventLog;
import dev.backstop.core.FileTrees;
import dev.backstop.core.Json;
import dev.backstop.core.Progress;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.VerificationRecord;
import dev.backstop.notify.LocalHttpServer;
import dev.backstop.registry.Kinds;
import dev.backstop.target.Target;
import dev.backstop.target.Targets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A files source backed up to a local target, with real history and a webhook on a local HTTP
 * server, in a directory of its own for each test: what the verify, restore-test and restore
 * workflows are tested against. Register it with {@code @RegisterExtension}.
 */
final class WorkflowFixture implements BeforeEachCallback, AfterEachCallback {

    static final String HOST = "wf-host";

    Path dir;
    BackstopConfig config;
    private LocalHttpServer http;
    final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final List<Target> opened = new ArrayList<>();

    @Override
    public void beforeEach(ExtensionContext test) throws Exception {
        dir = Files.createTempDirectory("backstop-workflow");
        http = new LocalHttpServer();
        Files.createDirectories(dir.resolve("data/sub"));
        Files.writeString(dir.resolve("data/index.html"), "hello\n");
        Files.writeString(dir.resolve("data/sub/a.txt"), "a".repeat(5000));
        this.config = ConfigLoader.parse("""
                host: %s
                state_dir: state
                sources:
                  - name: data
                    type: files
                    paths: [data]
                targets:
                  - name: local
                    type: local
                    path: backups
                notify:
                  - type: webhook
                    url: %s
                """.formatted(HOST, http.uri("/hook")), dir.resolve("backstop.yml"), Kinds.schema());
    }

    EventLog log() {
        return new EventLog(new PrintStream(logged, true), Clock.systemUTC());
    }

    /** Runs one backup, which must succeed, and returns its set directory. */
    Path backup() throws Exception {
        List<Target> targets = Kinds.targets(config);
        try {
            RunReport report = new BackupRun(config, Kinds.sources(config), targets, Clock.systemUTC(), log(),
                    new Cancellation(), ExitCodes::codeOf).execute();
            if (report.exitCode() != 0) {
                throw new AssertionError("backup failed: " + report.reason() + "\n" + logged);
            }
            try (Stream<Path> s = Files.walk(dir.resolve("backups"))) {
                return s.filter(p -> p.getFileName().toString().equals(report.id())).findFirst().orElseThrow();
            }
        } finally {
            Targets.closeAll(targets, log());
        }
    }

    /** A context over the configured targets, each passed through {@code wrap}; closed with the fixture. */
    WorkflowContext context(Cancellation cancellation, UnaryOperator<Target> wrap) throws Exception {
        List<Target> targets = Kinds.targets(config).stream().map(wrap).toList();
        opened.addAll(targets);
        return new WorkflowContext(config, targets, Clock.systemUTC(), log(), Progress.NONE, cancellation);
    }

    WorkflowContext context() throws Exception {
        return context(new Cancellation(), t -> t);
    }

    /** Every check of this kind that history holds, newest first. */
    List<VerificationRecord> recorded(String kind) {
        if (!Files.exists(config.historyFile())) {
            return List.of();
        }
        try (HistoryStore history = HistoryStore.open(config.historyFile())) {
            return history.recentVerifications(kind, 100);
        }
    }

    /** The webhook's JSON posts about checks of this kind (not about backup runs), oldest first. */
    List<JsonNode> notified(String kind) {
        return http.requests().stream().filter(r -> r.path().equals("/hook")).map(r -> {
            try {
                return Json.mapper().readTree(r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).filter(json -> json.get("kind").asText().equals(kind)).toList();
    }

    @Override
    public void afterEach(ExtensionContext test) throws IOException {
        Targets.closeAll(opened, log());
        opened.clear();
        http.close();
        FileTrees.delete(dir);
    }
}
