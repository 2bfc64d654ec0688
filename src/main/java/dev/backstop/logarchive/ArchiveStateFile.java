package dev.backstop.logarchive;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.backstop.core.ArchiverProcess;
import dev.backstop.core.Json;
import dev.backstop.core.LogArchiveState;
import dev.backstop.core.RecoveryPointSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code <work>/archive.json}: what the archiver last saw of its source's archive (the newest
 * segment on every target, the gaps, the recovery window's start), written by a rename so that
 * a reader never meets half of it. Together with {@code <work>/caught-up} and the archiver's own
 * record of itself ({@link ArchiverRecord}: alive, failing, ended) it is what
 * {@code status}, {@code list}, the metrics and the dashboard know of the archive without
 * reading a target.
 */
public final class ArchiveStateFile {

    static final String NAME = "archive.json";

    /**
     * The file's content; {@code lagTold}: a lag beyond max_lag was told and its end not yet, so
     * that an archiver started again (a restart, a crash loop) does not tell it again (null in
     * files of older versions: not told).
     */
    record Content(String newest, Instant newestAt, List<String> gaps, Instant windowFrom, String windowDump,
                   Instant checkedAt, Boolean lagTold) {

        boolean lagIsTold() {
            return Boolean.TRUE.equals(lagTold);
        }

        Content withLagTold(boolean told) {
            return new Content(newest, newestAt, gaps, windowFrom, windowDump, checkedAt, told);
        }
    }

    private static final ObjectReader READER = Json.mapper().readerFor(Content.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ArchiveStateFile() {
    }

    /**
     * The archive of {@code source} as its archiver recorded it in {@code workDir}; with nothing
     * recorded yet, a state with no moment and no window.
     *
     * @throws IOException a file is there but cannot be read; the message names it and says what to do
     */
    public static LogArchiveState read(Path workDir, String source, Duration maxLag) throws IOException {
        Instant caughtUp = LogArchiver.caughtUp(workDir).orElse(null);
        Content c = content(workDir);
        ArchiverProcess process = recordOrNone(workDir);
        if (c == null) {
            return new LogArchiveState(source, maxLag, caughtUp, null, null, List.of(), null, null, null, process);
        }
        return new LogArchiveState(source, maxLag, caughtUp, c.newest(), c.newestAt(), c.gaps(), c.windowFrom(),
                c.windowDump(), c.checkedAt(), process);
    }

    // an unreadable archiver record costs this source the judgement of its process (the lag still
    // tells), not every source its state; the next archiver writes the record anew
    private static ArchiverProcess recordOrNone(Path workDir) {
        try {
            return ArchiverRecord.read(workDir);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * The recovery point of the archive in {@code workDir} over time since {@code since}, oldest
     * first, as its archiver sampled it ({@link LagSamples}); empty when it never did.
     */
    public static List<RecoveryPointSample> recoveryPoints(Path workDir, Instant since) throws IOException {
        return LagSamples.read(workDir, since);
    }

    static Content content(Path workDir) throws IOException {
        Path file = workDir.resolve(NAME);
        if (!Files.exists(file)) {
            return null;
        }
        try {
            return READER.readValue(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " cannot be read (" + e.getMessage().lines().findFirst().orElse("") + "); remove"
                    + " it, the archiver writes it again", e);
        }
    }

    static void write(Path workDir, Content content) throws IOException {
        Files.createDirectories(workDir);
        Path tmp = workDir.resolve(NAME + ".tmp");
        Json.mapper().writeValue(tmp.toFile(), content);
        Files.move(tmp, workDir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
