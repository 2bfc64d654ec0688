package dev.backstop.config;

import dev.backstop.codec.Compression;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole, validated configuration. Paths are absolute (relative ones were resolved against
 * the directory of the configuration file).
 *
 * @param file        the configuration file it was read from
 * @param host        namespace of this server on every target
 * @param stateDir    history database, lock and spool
 * @param sources     what to back up, in configuration order; names are unique
 * @param compression how every component is compressed
 * @param targets     where to store; names are unique
 * @param anomaly     thresholds of the anomaly check
 */
public record BackstopConfig(
        Path file,
        String host,
        Path stateDir,
        List<SourceConfig> sources,
        Compression compression,
        List<TargetConfig> targets,
        AnomalyConfig anomaly) {

    public BackstopConfig {
        sources = List.copyOf(sources);
        targets = List.copyOf(targets);
    }

    public Path spoolDir() {
        return stateDir.resolve("spool");
    }

    public Path lockFile() {
        return stateDir.resolve("backstop.lock");
    }

    public Path historyFile() {
        return stateDir.resolve("history.db");
    }
}
