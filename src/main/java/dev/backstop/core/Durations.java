package dev.backstop.core;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as written in configuration and on the command line: {@code 30s}, {@code 6h}, {@code 14d}. */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)");

    private Durations() {
    }

    /** Parses one or more number-unit pairs ({@code 1h30m}); IllegalArgumentException otherwise. */
    public static Duration parse(String text) {
        String compact = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = PART.matcher(compact);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            });
            end = m.end();
        }
        if (compact.isEmpty() || end != compact.length()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 30s, 10m, 6h, 14d, 1h30m)");
        }
        return total;
    }

    /** Short human form: {@code 1h02m}, {@code 4.2s}, {@code 350ms}. */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return (ms / 1000) + "." + (ms % 1000 / 100) + "s";
        }
        long s = ms / 1000;
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", s % 3600 / 60) + "m";
    }
}
