package dev.backstop.target.s3;

import dev.backstop.core.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The checksum an S3 target sends with its uploads. With {@code checksum: auto} the first preflight
 * tries {@code x-amz-checksum-sha256}; what the service accepted is remembered in
 * {@code state_dir/s3/<target>.checksum} for the service it was found on, and found again after a
 * week or a new version of backstop (the service may have been upgraded, or this client changed).
 */
final class ChecksumChoice {

    static final Duration PROBE_AGAIN_AFTER = Duration.ofDays(7);

    private final S3Checksum configured;
    private final Path file;
    private final String subject;
    private final Clock clock;
    private volatile S3Checksum current;

    /** @param stateDir where the choice is remembered, or null to probe at every preflight */
    ChecksumChoice(S3Config config, Path stateDir, Clock clock) {
        this.configured = config.checksum();
        this.file = stateDir == null ? null : stateDir.resolve("s3").resolve(config.name() + ".checksum");
        this.subject = config.address() + " backstop " + Version.get();
        this.clock = clock;
        this.current = configured == S3Checksum.AUTO ? remembered() : configured;
    }

    /** What uploads send now: the configured one, the remembered one, or SHA-256 until a probe says otherwise. */
    S3Checksum current() {
        S3Checksum c = current;
        return c == null ? S3Checksum.SHA256 : c;
    }

    /** True when {@code checksum: auto} has no valid finding yet: the preflight probes. */
    boolean needsProbe() {
        return current == null;
    }

    /** Switches to Content-MD5 before the probe is written again. */
    void fallBack() {
        current = S3Checksum.MD5;
    }

    /** The probe went through with {@link #current()}: remembered for a week. */
    void found() throws IOException {
        S3Checksum c = current();
        current = c;
        if (file == null) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, subject + "\n" + c.word() + "\n" + clock.instant() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private S3Checksum remembered() {
        if (file == null) {
            return null;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.size() < 3 || !lines.get(0).equals(subject)
                    || Instant.parse(lines.get(2)).plus(PROBE_AGAIN_AFTER).isBefore(clock.instant())) {
                return null;
            }
            S3Checksum c = S3Checksum.parse(lines.get(1));
            return c == S3Checksum.AUTO ? null : c;
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            // missing or damaged: probe again, which rewrites it
            return null;
        }
    }
}
