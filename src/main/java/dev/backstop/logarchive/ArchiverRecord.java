package dev.backstop.logarchive;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.backstop.core.ArchiverProcess;
import dev.backstop.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code <work>/archiver.json}: the archiver process of one source as it records itself (its pid
 * and program, a heartbeat every {@link ArchiverProcess#BEAT}, the stream failure it is retrying,
 * how it ended), written by a rename. Readers ({@code status}, the metrics, the dashboard, the
 * teller of a stop) add whether a process under that pid still runs: the file alone cannot say
 * that a killed archiver is dead.
 */
final class ArchiverRecord {

    static final String NAME = "archiver.json";

    /** The file's content. */
    record Content(long pid, String program, boolean service, Instant startedAt, Instant heartbeat,
                   Instant failingSince, String lastError, Instant exitedAt, String exitReason) {
    }

    private static final ObjectReader READER = Json.mapper().readerFor(Content.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path workDir;
    private Content content;

    private ArchiverRecord(Path workDir, Content content) {
        this.workDir = workDir;
        this.content = content;
    }

    /** Records this process as the archiver of {@code workDir}'s source, started now. */
    static ArchiverRecord start(Path workDir, boolean service, Instant now) throws IOException {
        ProcessHandle self = ProcessHandle.current();
        ArchiverRecord r = new ArchiverRecord(workDir, new Content(self.pid(), self.info().command().orElse(""), service,
                now, now, null, null, null, null));
        r.write();
        return r;
    }

    /** The heartbeat, written when the last is {@link ArchiverProcess#BEAT} old. */
    void beat(Instant now) throws IOException {
        if (Duration.between(content.heartbeat(), now).compareTo(ArchiverProcess.BEAT) >= 0) {
            update(now, content.failingSince(), content.lastError(), null, null);
        }
    }

    /** The stream failed with {@code why}; the series of failures began at the first. */
    void failing(Instant now, String why) throws IOException {
        update(now, content.failingSince() == null ? now : content.failingSince(), why, null, null);
    }

    /** The stream works again; true when it had been failing. */
    boolean streaming(Instant now) throws IOException {
        boolean was = content.failingSince() != null;
        if (was) {
            update(now, null, null, null, null);
        }
        return was;
    }

    /** The archiver ends, for {@code why}. */
    void exited(Instant now, String why) throws IOException {
        update(now, content.failingSince(), content.lastError(), now, why);
    }

    private void update(Instant now, Instant failingSince, String lastError, Instant exitedAt, String exitReason)
            throws IOException {
        Content c = content;
        content = new Content(c.pid(), c.program(), c.service(), c.startedAt(), now, failingSince, lastError, exitedAt,
                exitReason);
        write();
    }

    private void write() throws IOException {
        Files.createDirectories(workDir);
        Path tmp = workDir.resolve(NAME + ".tmp");
        Json.mapper().writeValue(tmp.toFile(), content);
        Files.move(tmp, workDir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The archiver of {@code workDir} as it recorded itself, with whether its process runs; null
     * when none ever did.
     *
     * @throws IOException the file is there but cannot be read; the message names it and says what to do
     */
    static ArchiverProcess read(Path workDir) throws IOException {
        Path file = workDir.resolve(NAME);
        if (!Files.exists(file)) {
            return null;
        }
        Content c;
        try {
            c = READER.readValue(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " cannot be read (" + e.getMessage().lines().findFirst().orElse("") + "); remove"
                    + " it, the archiver writes it again when it starts", e);
        }
        return new ArchiverProcess(c.pid(), c.service(), c.startedAt(), c.heartbeat(), c.failingSince(), c.lastError(),
                c.exitedAt(), c.exitReason(), c.exitedAt() == null && runs(c.pid(), c.program(), c.startedAt()));
    }

    // how much later than its record a process may seem to start: the two times come from clocks
    // that a step of the system clock (NTP at boot) can set apart
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(1);

    // a process under the pid that started before the record did (a later one took a recycled pid)
    // and runs the same program; what cannot be seen (another user's process) counts, and then only
    // a stale heartbeat tells that it is not the archiver
    static boolean runs(long pid, String program, Instant recordStarted) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(h -> recordStarted == null
                        || h.info().startInstant().map(t -> !t.isAfter(recordStarted.plus(CLOCK_SLACK))).orElse(true))
                .filter(h -> program.isEmpty() || h.info().command().map(c -> sameProgram(c, program)).orElse(true))
                .isPresent();
    }

    // Linux shows the binary of a process whose file was replaced since (a JDK update while the
    // service runs) as "<path> (deleted)": the same program still
    static boolean sameProgram(String command, String program) {
        return command.equals(program) || command.equals(program + " (deleted)");
    }
}
