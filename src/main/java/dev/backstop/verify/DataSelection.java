package dev.backstop.verify;

import java.math.BigDecimal;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which component files {@code verify} reads back and re-hashes: none (sizes only), all, the
 * N-th of T deterministic slices (so that runs 1/T .. T/T together read every file once), or a
 * random P percent.
 */
public final class DataSelection {

    private static final Pattern SLICE = Pattern.compile("(\\d{1,9})/(\\d{1,9})");
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,6})?)%");

    private enum Mode { NONE, ALL, SLICE, PERCENT }

    private final Mode mode;
    private final int slice;
    private final int slices;
    private final double fraction;
    private final Random random;
    private final String text;

    private DataSelection(Mode mode, int slice, int slices, double fraction, Random random, String text) {
        this.mode = mode;
        this.slice = slice;
        this.slices = slices;
        this.fraction = fraction;
        this.random = random;
        this.text = text;
    }

    /** Sizes and listings only; no component is read. */
    public static DataSelection none() {
        return new DataSelection(Mode.NONE, 0, 0, 0, null, "none");
    }

    /** Every byte of every component. */
    public static DataSelection all() {
        return new DataSelection(Mode.ALL, 0, 0, 0, null, "all");
    }

    /**
     * Parses {@code N/T} (1 &le; N &le; T) or {@code P%} (0 &lt; P &le; 100).
     *
     * @param random the source of the sample for {@code P%}; tests pass a seeded one
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static DataSelection parse(String text, Random random) {
        String t = text.strip();
        Matcher m = SLICE.matcher(t);
        if (m.matches()) {
            int n = Integer.parseInt(m.group(1));
            int total = Integer.parseInt(m.group(2));
            if (total < 1 || n < 1 || n > total) {
                throw new IllegalArgumentException("--read-data-subset " + text + ": N/T needs 1 <= N <= T, e.g. 2/7");
            }
            return new DataSelection(Mode.SLICE, n, total, 0, null, n + "/" + total);
        }
        m = PERCENT.matcher(t);
        if (m.matches()) {
            BigDecimal p = new BigDecimal(m.group(1));
            if (p.signum() <= 0 || p.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new IllegalArgumentException("--read-data-subset " + text + ": a percentage must be above 0 and at most 100");
            }
            return new DataSelection(Mode.PERCENT, 0, 0, p.doubleValue() / 100, random, p.toPlainString() + "%");
        }
        throw new IllegalArgumentException("--read-data-subset " + text
                + ": expected N/T (the N-th of T slices, e.g. 1/7) or P% (a random sample, e.g. 10%)");
    }

    /** Whether to re-hash this file of this backup. Deterministic except for {@code P%}. */
    public boolean selects(String backupId, String file) {
        return switch (mode) {
            case NONE -> false;
            case ALL -> true;
            case SLICE -> sliceOf(backupId, file, slices) == slice;
            case PERCENT -> random.nextDouble() < fraction;
        };
    }

    /**
     * The slice, 1..T, a file belongs to. String.hashCode is fixed by the language
     * specification, so a file stays in its slice from one run (and one JVM) to the next.
     */
    static int sliceOf(String backupId, String file, int slices) {
        return Math.floorMod((backupId + "/" + file).hashCode(), slices) + 1;
    }

    /** True when any file may be read. */
    public boolean readsData() {
        return mode != Mode.NONE;
    }

    /** As given: none, all, 2/7, 10%. */
    @Override
    public String toString() {
        return text;
    }
}
