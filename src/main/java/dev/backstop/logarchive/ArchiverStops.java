package dev.backstop.logarchive;

import dev.backstop.core.ArchiverProcess;
import dev.backstop.core.EventLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Telling that an archiver service is gone, once per stop. A dead archiver tells nobody, so the
 * next process that looks ({@code backstop run}) tells, and records in {@code <work>/stop-told}
 * whose stop it told (the pid and start of that archiver), so that neither it nor a later look
 * tells it again, nor the deaths of archivers started in between that never caught up (a crash
 * loop is one stop). The next archiver of the source that catches up tells the recovery and
 * removes the record, unless it is an {@code --once} standing in for a stopped service
 * ({@link ArchiveWatch#begin}); a stop after that is told again.
 */
public final class ArchiverStops {

    static final String TOLD = "stop-told";

    private ArchiverStops() {
    }

    /**
     * Tells {@code watcher} when the archiver of {@code source} is stopped and no stop is told yet.
     * Never throws: a state that cannot be read is logged.
     */
    public static void tellIfStopped(Path workDir, String source, LogArchiveWatcher watcher, Instant now, EventLog log) {
        try {
            ArchiverProcess p = ArchiverRecord.read(workDir);
            if (!due(p, told(workDir), now)) {
                return;
            }
            Files.writeString(workDir.resolve(TOLD), p.identity() + "\n", StandardCharsets.UTF_8);
            watcher.changed(source, LogArchiveWatcher.Problem.STOPPED, true, p.describeStop(source, now));
        } catch (IOException | RuntimeException e) {
            log.warn("source " + source + ": could not look whether its log archiver runs: " + e.getMessage());
        }
    }

    /** Whether the stop of {@code p} is to be told: it is stopped, and no stop is told that no recovery followed. */
    static boolean due(ArchiverProcess p, String told, Instant now) {
        return p != null && p.condition(now) == ArchiverProcess.Condition.STOPPED && told == null;
    }

    /** The identity of the archiver whose stop was told, or null. */
    static String told(Path workDir) throws IOException {
        Path file = workDir.resolve(TOLD);
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
    }

    /** Forgets the told stop: the archiver runs again. */
    static void clear(Path workDir) throws IOException {
        Files.deleteIfExists(workDir.resolve(TOLD));
    }
}
