package dev.backstop.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The result of a health evaluation.
 *
 * @param state    the worst state of any problem; OK when there is none
 * @param summary  one sentence: the worst problem, or what is fine
 * @param problems every problem, worst first
 * @param perf     performance data for graphs
 */
public record Health(HealthState state, String summary, List<Problem> problems, List<PerfDatum> perf) {

    /** One thing that is not as it should be. */
    public record Problem(HealthState state, String message) {
    }

    /**
     * One value of Nagios performance data: {@code 'label'=value[unit];[warn];[crit];[min];[max]}.
     * Thresholds are null when there are none.
     */
    public record PerfDatum(String label, double value, String unit, Long warn, Long crit) {

        String format() {
            return "'" + label.replace("'", "''") + "'=" + number() + unit + ";" + orEmpty(warn) + ";" + orEmpty(crit) + ";0;";
        }

        /** The value as written: whole numbers without a fraction, durations to the millisecond (0.683). */
        public Number number() {
            return value == Math.rint(value) ? (Number) (long) value : (Number) (Math.round(value * 1000) / 1000.0);
        }

        private static String orEmpty(Long v) {
            return v == null ? "" : v.toString();
        }
    }

    public Health {
        problems = List.copyOf(problems);
        perf = List.copyOf(perf);
    }

    /** A health that could not be evaluated (history unreadable, configuration broken). */
    public static Health unknown(String why) {
        return new Health(HealthState.UNKNOWN, why, List.of(new Problem(HealthState.UNKNOWN, why)), List.of());
    }

    /**
     * The output of a Nagios plugin: the status line with performance data after {@code |},
     * then, when there is more than one problem, one line per problem (the long output).
     */
    public List<String> nagiosLines() {
        List<String> lines = new ArrayList<>();
        String first = "BACKSTOP " + state.name() + " - " + oneLine(summary);
        if (!perf.isEmpty()) {
            first += " | " + String.join(" ", perf.stream().map(PerfDatum::format).toList());
        }
        lines.add(first);
        if (problems.size() > 1) {
            for (Problem p : problems) {
                lines.add(p.state().name() + ": " + oneLine(p.message()));
            }
        }
        return lines;
    }

    public int exitCode() {
        return state.exitCode();
    }

    // '|' separates performance data in the plugin format; a message must not contain it.
    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('|', '/').strip();
    }

    /** The state as a lower-case word, for JSON and metrics. */
    public String word() {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
