package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.LogArchiveState;
import dev.backstop.core.RecoveryPointSample;
import dev.backstop.logarchive.ArchiveStateFile;
import dev.backstop.logarchive.LogArchiver;
import dev.backstop.registry.Kinds;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The binary-log archive of each source with {@code log_archive}, as its archiver recorded it. */
final class LogArchives {

    private LogArchives() {
    }

    /**
     * One state per source with {@code log_archive}, in configuration order.
     *
     * @throws IOException a state file cannot be read; the message names it
     */
    static List<LogArchiveState> states(BackstopConfig config) throws IOException {
        List<LogArchiveState> states = new ArrayList<>();
        for (SourceConfig sc : config.sources()) {
            var settings = Kinds.kindOf(sc).logArchive(sc);
            if (settings.isPresent()) {
                states.add(ArchiveStateFile.read(LogArchiver.workDir(config.stateDir(), sc.name()), sc.name(),
                        settings.get().maxLag()));
            }
        }
        return states;
    }

    /** The recovery point samples of {@code source} since {@code since}, as its archiver recorded them. */
    static List<RecoveryPointSample> recoveryPoints(BackstopConfig config, String source, Instant since)
            throws IOException {
        return ArchiveStateFile.recoveryPoints(LogArchiver.workDir(config.stateDir(), source), since);
    }
}
