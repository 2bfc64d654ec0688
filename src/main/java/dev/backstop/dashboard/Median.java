package dev.backstop.dashboard;

import java.util.Arrays;
import java.util.Collection;

/** The median of whole numbers, as anomaly detection computes it: the lower mean of the middle two. */
final class Median {

    private Median() {
    }

    static long of(Collection<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        if (sorted.length % 2 == 1) {
            return sorted[mid];
        }
        long a = sorted[mid - 1];
        long b = sorted[mid];
        return a / 2 + b / 2 + (a % 2 + b % 2) / 2;
    }
}
