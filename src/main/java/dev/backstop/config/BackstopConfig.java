package dev.backstop.config;

import dev.backstop.codec.Compression;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
 * @param sourceAnomaly thresholds of the sources that set their own, by source name
 * @param notifiers   who hears about runs; empty when nobody
 * @param encryption  the age recipients every component is encrypted to; null when sets are stored in the clear
 */
public record BackstopConfig(
        Path file,
        String host,
        Path stateDir,
        List<SourceConfig> sources,
        Compression compression,
        List<TargetConfig> targets,
        AnomalyConfig anomaly,
        Map<String, AnomalyConfig> sourceAnomaly,
        List<NotifyConfig> notifiers,
        EncryptionConfig encryption) {

    public BackstopConfig {
        sources = List.copyOf(sources);
        targets = List.copyOf(targets);
        sourceAnomaly = Map.copyOf(sourceAnomaly);
        notifiers = List.copyOf(notifiers);
    }

    /** A configuration without per-source thresholds and without notifiers. */
    public BackstopConfig(Path file, String host, Path stateDir, List<SourceConfig> sources, Compression compression,
                          List<TargetConfig> targets, AnomalyConfig anomaly) {
        this(file, host, stateDir, sources, compression, targets, anomaly, Map.of(), List.of(), null);
    }

    /** The anomaly thresholds of one source: its own where it sets them, else the top-level ones. */
    public AnomalyConfig anomalyFor(String source) {
        return sourceAnomaly.getOrDefault(source, anomaly);
    }

    /** Whether components are encrypted (an {@code encryption:} section is set). */
    public boolean encrypted() {
        return encryption != null;
    }

    /** Whether the target of this name stores encrypted components ({@code encrypt:}, default true). */
    public boolean encrypts(String target) {
        return encryption != null && !encryption.clearTargets().contains(target);
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
