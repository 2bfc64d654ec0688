package dev.backstop.core;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The {@code archive-logs} process of one source as it recorded itself ({@code archiver.json} in
 * its work directory), with what a reader found of it: a record says what the archiver last
 * knew, never whether it still lives, so a dead process is told by its pid being gone or its
 * heartbeat being stale, not by the file.
 *
 * @param pid            the archiver's process id
 * @param service        true for the long-running service, false for {@code --once}, which
 *                       ends by design
 * @param startedAt      when it started
 * @param heartbeat      the last moment it wrote that it was alive (every {@link #BEAT})
 * @param failingSince   the first failure of the series of stream failures it is retrying now;
 *                       null while it streams
 * @param lastError      the newest of those failures (access denied, server down, a target); null
 *                       while it streams
 * @param exitedAt       when it ended, when it could say so (a stop or a crash it caught); null
 *                       while it runs and after a kill
 * @param exitReason     why it ended ({@code stopped by SIGTERM}, a crash), with {@code exitedAt}
 * @param processFound   the reader saw a process under {@code pid} that may be the archiver (the
 *                       same program, or one it could not tell)
 */
public record ArchiverProcess(long pid, boolean service, Instant startedAt, Instant heartbeat, Instant failingSince,
                              String lastError, Instant exitedAt, String exitReason, boolean processFound) {

    /** How often a running archiver writes its heartbeat. */
    public static final Duration BEAT = Duration.ofSeconds(15);
    /** A heartbeat older than this is an archiver that hangs (or a recycled pid): stopped. */
    public static final Duration STALE = Duration.ofMinutes(5);

    /** The exit reason of an {@code archive-logs --once} that archived everything and ended as it should. */
    public static final String ARCHIVED_ONCE = "archived once";

    /** What the archiver is doing, as far as a reader can tell. */
    public enum Condition {
        /** It runs and its last stream did not fail. */
        STREAMING,
        /** It runs but cannot stream (the server or the account refuses it, a target fails): it retries with backoff. */
        RECONNECTING,
        /** The service is gone: stopped, crashed, killed, or it gives no heartbeat. */
        STOPPED,
        /** A {@code --once} archiver that archived everything and ended, as it should between its runs. */
        DONE
    }

    /** Its condition at {@code now}. */
    public Condition condition(Instant now) {
        boolean gone = exitedAt != null || !processFound;
        if (gone || heartbeatStale(now)) {
            // a --once that failed, or was killed, left the logs unarchived as a dead service does
            return service || !gone || !ARCHIVED_ONCE.equals(exitReason) ? Condition.STOPPED : Condition.DONE;
        }
        return failingSince != null ? Condition.RECONNECTING : Condition.STREAMING;
    }

    /** When it stopped: its exit, else its last heartbeat, the last moment it was seen alive. */
    public Instant stoppedAt() {
        return exitedAt != null ? exitedAt : heartbeat;
    }

    /** Why it stopped, in words for a person, with its last stream error if it had one. */
    public String stopReason(Instant now) {
        String why;
        if (exitedAt != null) {
            why = exitReason == null ? "it ended" : exitReason;
        } else if (processFound) {
            why = "pid " + pid + " still exists but has written no heartbeat for " + since(heartbeat, now) + " (hung, or the pid now belongs to another program)";
        } else {
            why = "pid " + pid + " is gone without a word: killed (kill -9, the OOM killer) or crashed; see"
                    + " journalctl -u backstop-archive-logs";
        }
        return lastError == null ? why : why + "; its stream was failing since "
                + failingSince.truncatedTo(ChronoUnit.SECONDS) + ": " + lastError;
    }

    /**
     * {@code source appdb: the binary-log archiver stopped 12m00s ago (at …): <reason>; …}, the one
     * sentence that status, the dashboard and the notice of a stop say.
     */
    public String describeStop(String source, Instant now) {
        return "source " + source + ": the binary-log archiver stopped " + since(stoppedAt(), now) + " ago (at "
                + stoppedAt().truncatedTo(ChronoUnit.SECONDS) + "): " + stopReason(now) + "; nothing the server writes is"
                + " archived until it runs again: systemctl start backstop-archive-logs";
    }

    /** {@code source appdb: the binary-log archiver is reconnecting since … (3m00s): <last error>}. */
    public String describeFailing(String source, Instant now) {
        return "source " + source + ": the binary-log archiver is reconnecting since "
                + failingSince.truncatedTo(ChronoUnit.SECONDS) + " (" + since(failingSince, now) + "), retrying with backoff: "
                + lastError;
    }

    /** {@code 12m00s}: whole seconds, never negative. */
    private static String since(Instant then, Instant now) {
        return Durations.human(Duration.ofSeconds(Math.max(0, Duration.between(then, now).toSeconds())));
    }

    private boolean heartbeatStale(Instant now) {
        return heartbeat == null || Duration.between(heartbeat, now).compareTo(STALE) > 0;
    }

    /** Who it is: one process run, told apart from the archivers before and after it. */
    public String identity() {
        return pid + "@" + startedAt;
    }
}
