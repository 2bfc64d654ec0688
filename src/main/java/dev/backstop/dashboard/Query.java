package dev.backstop.dashboard;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** The page's query string: {@code days} (one of the ranges, default 30) and {@code runs=all}. */
record Query(int days, boolean allRuns) {

    static final int DEFAULT_DAYS = 30;

    static Query parse(String raw) {
        int days = DEFAULT_DAYS;
        boolean all = false;
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (key.equals("days")) {
                    days = parseDays(value);
                } else if (key.equals("runs")) {
                    all = value.equals("all");
                }
            }
        }
        return new Query(days, all);
    }

    // only the offered ranges: an arbitrary number would let a request ask for any amount of work
    private static int parseDays(String value) {
        try {
            int d = Integer.parseInt(value);
            return Page.RANGES.contains(d) ? d : DEFAULT_DAYS;
        } catch (NumberFormatException e) {
            return DEFAULT_DAYS;
        }
    }
}
