package dev.backstop.core;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of bytes as written in configuration: {@code 1MB}, {@code 500 KiB}, {@code 1048576}.
 * Decimal units (kB, MB, GB, TB) are powers of 1000, binary units (KiB, MiB, GiB, TiB) powers
 * of 1024, as on a disk label and in {@code df -H} versus {@code df -h}.
 */
public record ByteSize(long bytes) implements Comparable<ByteSize> {

    private static final Pattern SYNTAX = Pattern.compile("\\s*(\\d+)\\s*([A-Za-z]*)\\s*");

    public ByteSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size cannot be negative: " + bytes);
        }
    }

    public static ByteSize ofBytes(long bytes) {
        return new ByteSize(bytes);
    }

    /** Parses a size; the message of the IllegalArgumentException says what is accepted. */
    public static ByteSize parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: '" + text + "' (examples: 1048576, 500 KiB, 1MB, 2 GiB)");
        }
        long multiplier = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k", "kb" -> 1_000L;
            case "m", "mb" -> 1_000_000L;
            case "g", "gb" -> 1_000_000_000L;
            case "t", "tb" -> 1_000_000_000_000L;
            case "kib" -> 1L << 10;
            case "mib" -> 1L << 20;
            case "gib" -> 1L << 30;
            case "tib" -> 1L << 40;
            default -> throw new IllegalArgumentException("unknown size unit '" + m.group(2) + "' in '" + text
                    + "' (use B, kB, MB, GB, TB, KiB, MiB, GiB or TiB)");
        };
        try {
            return new ByteSize(Math.multiplyExact(Long.parseLong(m.group(1)), multiplier));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("size too large: '" + text + "'");
        }
    }

    /** Human form with a binary unit and one decimal, for messages: {@code 223.4 MiB}. */
    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        long unit = 1024;
        int i = 0;
        while (bytes >= unit * 1024 && i < units.length - 1) {
            unit *= 1024;
            i++;
        }
        // integer arithmetic: tenths of the unit, rounded half up
        long tenths = (bytes * 10 + unit / 2) / unit;
        return (tenths / 10) + "." + (tenths % 10) + " " + units[i];
    }

    @Override
    public int compareTo(ByteSize other) {
        return Long.compare(bytes, other.bytes);
    }

    @Override
    public String toString() {
        return human(bytes);
    }
}
