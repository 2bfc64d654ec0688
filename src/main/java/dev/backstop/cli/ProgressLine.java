package dev.backstop.cli;

import dev.backstop.core.ByteSize;

/** The text of a progress report: {@code extract www.tar.gz: 1.2 GB / 3.0 GB, 57074 entries at 80 MB/s, ETA 22 s}. */
final class ProgressLine {

    private ProgressLine() {
    }

    /**
     * @param total  the step's bytes, or -1 when unknown (no ETA then)
     * @param items  entries or rows done, or -1 when the step counts none
     * @param nanos  time since the step began
     */
    static String of(String label, long done, long total, long items, long nanos) {
        double seconds = Math.max(1e-3, nanos / 1e9);
        long rate = (long) (done / seconds);
        String eta = total > 0 && rate > 0 ? ", ETA " + Math.max(0, (total - done) / rate) + " s" : "";
        return label + ": " + ByteSize.human(done) + (total > 0 ? " / " + ByteSize.human(total) : "")
                + (items >= 0 ? ", " + items + " entries" : "") + " at " + ByteSize.human(rate) + "/s" + eta;
    }
}
