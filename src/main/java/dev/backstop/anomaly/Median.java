package dev.backstop.anomaly;

import java.util.Arrays;
import java.util.List;

/** The median of whole numbers, without floating point and without overflow. */
final class Median {

    private Median() {
    }

    /**
     * The middle value; for an even count the mean of the two middle values, rounded down.
     *
     * @throws IllegalArgumentException when {@code values} is empty
     */
    static long of(List<Long> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the median of no values is undefined");
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        if (sorted.length % 2 == 1) {
            return sorted[mid];
        }
        long a = sorted[mid - 1];
        long b = sorted[mid];
        // (a + b) / 2 could overflow; halves first, then the two remainders
        return a / 2 + b / 2 + (a % 2 + b % 2) / 2;
    }
}
