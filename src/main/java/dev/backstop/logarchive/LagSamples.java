package dev.backstop.logarchive;

import dev.backstop.core.RecoveryPointSample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <work>/lag-samples}: the log lag over time, for the dashboard's recovery point chart.
 * One line per {@link #STEP} in which the archiver ran, {@code <epoch seconds> <greatest lag in
 * seconds>}; the greatest, so that a short stall between two samples still shows. Bounded: past
 * {@link #KEPT} lines (90 days) the oldest are dropped. A killed archiver loses at most its last step.
 */
final class LagSamples {

    static final String NAME = "lag-samples";
    static final Duration STEP = Duration.ofMinutes(5);
    static final int KEPT = (int) (Duration.ofDays(90).toSeconds() / STEP.toSeconds());

    private final Path file;
    private long bucket = -1;
    private long greatest;
    private int lines = -1;

    LagSamples(Path workDir) {
        this.file = workDir.resolve(NAME);
    }

    /** Counts {@code lag} as seen at {@code now}; writes the step before once a new one begins. */
    void seen(Instant now, Duration lag) throws IOException {
        long step = now.getEpochSecond() / STEP.toSeconds();
        if (bucket >= 0 && step != bucket) {
            flush();
        }
        if (bucket < 0) {
            bucket = step;
            greatest = 0;
        }
        greatest = Math.max(greatest, Math.max(0, lag.toSeconds()));
    }

    /** Writes the step under way, when there is one. */
    void flush() throws IOException {
        if (bucket < 0) {
            return;
        }
        if (lines < 0) {
            lines = 0;
            if (Files.exists(file)) {
                try (var all = Files.lines(file, StandardCharsets.UTF_8)) {
                    lines = (int) all.count();
                }
            }
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, bucket * STEP.toSeconds() + " " + greatest + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        bucket = -1;
        if (++lines > KEPT + KEPT / 8) {
            trim();
        }
    }

    private void trim() throws IOException {
        List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
        Path tmp = file.resolveSibling(NAME + ".tmp");
        Files.write(tmp, all.subList(Math.max(0, all.size() - KEPT), all.size()), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        lines = Math.min(all.size(), KEPT);
    }

    /** The samples of {@code workDir} at or after {@code since}, oldest first; a line that cannot be read is skipped. */
    static List<RecoveryPointSample> read(Path workDir, Instant since) throws IOException {
        Path file = workDir.resolve(NAME);
        List<RecoveryPointSample> samples = new ArrayList<>();
        if (!Files.exists(file)) {
            return samples;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split(" ");
            try {
                Instant at = Instant.ofEpochSecond(Long.parseLong(f[0]));
                if (f.length == 2 && !at.isBefore(since)) {
                    samples.add(new RecoveryPointSample(at, Long.parseLong(f[1])));
                }
            } catch (NumberFormatException e) {
                // a line cut by a crash: the others stand
            }
        }
        return samples;
    }
}
