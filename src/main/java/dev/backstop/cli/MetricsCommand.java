package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.config.TargetConfig;
import dev.backstop.core.Version;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.Overview;
import dev.backstop.metrics.BackstopMetrics;
import dev.backstop.registry.Kinds;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backstop metrics}: the Prometheus metrics of history, on stdout or into a node_exporter textfile. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Print the Prometheus metrics of the history (as the dashboard serves on /metrics), or write them"
                + " atomically into a file for node_exporter's textfile collector.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:metrics printed or written",
            "2:usage or configuration error",
            ExitCodes.HISTORY_UNUSABLE})
final class MetricsCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCommand parent;

    @Mixin
    CommonOptions options;

    @Mixin
    JsonOption json;

    @Option(names = "--textfile", paramLabel = "FILE",
            description = "Write to FILE (e.g. /var/lib/prometheus/node-exporter/backstop.prom) by a rename, so that"
                    + " node_exporter never reads half a file.")
    Path textfile;

    @Override
    public Integer call() throws Exception {
        BackstopConfig config = ConfigLoader.load(options.config, Kinds.schema());
        List<String> targets = config.targets().stream().map(TargetConfig::name).toList();
        Overview overview;
        if (Files.exists(config.historyFile())) {
            try (HistoryStore history = HistoryStore.open(config.historyFile())) {
                overview = history.reports().overview();
            }
        } else {
            // no history is no backup: every timestamp 0, so alerts on age fire
            overview = Overview.empty();
        }
        var logs = LogArchives.states(config);
        java.time.Instant now = java.time.Instant.now();
        if (json.requested() && textfile == null) {
            json.print(parent.out, Map.of("metrics", BackstopMetrics.asData(overview, config.host(), Version.get(), targets,
                    logs, now)));
            return 0;
        }
        String text = BackstopMetrics.render(overview, config.host(), Version.get(), targets, logs, now);
        if (textfile == null) {
            parent.out.print(text);
            return 0;
        }
        writeAtomically(textfile, text);
        if (json.requested()) {
            json.print(parent.out, Map.of("textfile", textfile.toString()));
        } else {
            parent.out.println("wrote the metrics to " + textfile);
        }
        return 0;
    }

    /** Writes into a hidden temporary file beside {@code file}, syncs it, then renames it over {@code file}. */
    static void writeAtomically(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            // node_exporter usually runs as another user: the metrics hold no secret
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + file + " atomically: " + e.getMessage(), e);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("cannot write the metrics to " + file + ": " + e.getMessage(), e);
        }
    }
}
