package dev.backstop.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The moment of {@code restore --at}: ISO-8601 with {@code Z} or an offset
 * ({@code 2026-12-04T10:15:00Z}, {@code 2026-12-04T11:15:00+01:00}), or {@code YYYY-MM-DD HH:MM:SS}
 * in this machine's local zone (the {@code TZ} variable, else {@code /etc/localtime}), which is the
 * server's when backstop runs on it. Whole seconds only, since binary-log events carry whole
 * seconds; a local time that a daylight-saving change skips or repeats is refused, as it names no
 * single moment.
 */
final class RestoreTime {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

    private RestoreTime() {
    }

    /** @throws IllegalArgumentException the text names no single whole-second moment; the message says why */
    static Instant parse(String text, ZoneId zone) {
        Instant at;
        try {
            at = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException offsetLess) {
            LocalDateTime local;
            try {
                local = LocalDateTime.parse(text, LOCAL);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--at " + text + ": not a time; give 2026-12-04T10:15:00Z, an offset"
                        + " such as 2026-12-04T11:15:00+01:00, or 2026-12-04 11:15:00 in this machine's zone (" + zone
                        + ")");
            }
            List<java.time.ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
            if (offsets.size() != 1) {
                throw new IllegalArgumentException("--at " + text + ": in zone " + zone + " this local time "
                        + (offsets.isEmpty() ? "does not exist (clocks skip it)" : "happens twice (clocks go back)")
                        + "; give it with an offset, such as " + local + (offsets.isEmpty() ? "+01:00" : offsets.get(0)));
            }
            at = local.atOffset(offsets.get(0)).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("--at " + text + ": " + e.getMessage());
        }
        if (at.getNano() != 0) {
            throw new IllegalArgumentException("--at " + text + ": give whole seconds; binary-log events carry whole"
                    + " seconds, so a fraction cannot be told apart");
        }
        return at;
    }
}
