package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.ConfigException;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.history.HistoryStore;
import dev.backstop.history.VerificationRecord;
import dev.backstop.registry.Kinds;
import dev.backstop.source.DatabaseServer;
import dev.backstop.target.Target;
import dev.backstop.verify.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the verify-side commands share: choosing targets, the database servers, writing history. */
final class TargetChoice {

    private TargetChoice() {
    }

    /** All targets, or the one named; a name not configured is a usage error naming the known ones. */
    static List<Target> choose(List<Target> targets, String only, Path configFile) throws ConfigException {
        if (only == null) {
            return targets;
        }
        List<Target> chosen = targets.stream().filter(t -> t.name().equals(only)).toList();
        if (chosen.isEmpty()) {
            throw new ConfigException("--target " + only + ": no such target in " + configFile + " (known: "
                    + String.join(", ", targets.stream().map(Target::name).toList()) + ")");
        }
        return chosen;
    }

    /** The database server of every mysql and postgres source, by source name. */
    static Map<String, DatabaseServer> servers(BackstopConfig config, Path scratchDir) {
        ProcessRunner runner = new ProcessRunner();
        Map<String, DatabaseServer> servers = new LinkedHashMap<>();
        for (SourceConfig sc : config.sources()) {
            Optional<DatabaseServer> server = Kinds.server(sc, runner, scratchDir);
            server.ifPresent(s -> servers.put(sc.name(), s));
        }
        return servers;
    }

    static Path privateDir(Path dir) throws java.io.IOException {
        Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        return dir;
    }

    static List<VerificationRecord.FindingRow> rows(List<Finding> findings) {
        return findings.stream().map(f -> new VerificationRecord.FindingRow(f.severity().name(), f.target(), f.backupId(),
                f.file(), f.problem())).toList();
    }

    static void record(BackstopConfig config, VerificationRecord record) {
        try (HistoryStore history = HistoryStore.open(config.historyFile())) {
            history.recordVerification(record);
        }
    }
}
