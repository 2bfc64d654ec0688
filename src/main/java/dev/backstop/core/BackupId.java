package dev.backstop.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The id of one backup: its start time in UTC to the second, as {@code 20251104T020001Z}.
 * UTC so that a daylight-saving change never makes two backups share an id or sort wrongly.
 */
public record BackupId(Instant time) implements Comparable<BackupId> {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_PATH =
            DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    public BackupId {
        Objects.requireNonNull(time, "time");
        time = time.truncatedTo(ChronoUnit.SECONDS);
    }

    public static BackupId at(Instant time) {
        return new BackupId(time);
    }

    /** Parses {@code 20251104T020001Z}; throws IllegalArgumentException on anything else. */
    public static BackupId parse(String text) {
        try {
            return new BackupId(Instant.from(FORMAT.parse(text)));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a backup id (expected like 20251104T020001Z): " + text);
        }
    }

    /** True when {@code text} is a well-formed id. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The dated directory of this backup below a host: {@code yyyy/MM/dd/<id>}. */
    public String datedPath() {
        return DAY_PATH.format(time) + "/" + this;
    }

    @Override
    public int compareTo(BackupId other) {
        return time.compareTo(other.time);
    }

    @Override
    public String toString() {
        return FORMAT.format(time);
    }
}
