package dev.backstop.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * An inline SVG line chart over time: lines, an optional band (the range anomaly detection
 * accepts), markers with a tooltip (anomalies), and ticks on the time axis (failed runs). Scales
 * with its container; colours come from the stylesheet's classes. Integer coordinates in a
 * 1000 x 300 box keep the markup small with a year of points.
 */
final class SvgChart {

    record Point(Instant t, long value) {
    }

    record Series(String name, List<Point> points) {
    }

    record Band(Instant t, long low, long median, long high) {
    }

    record Marker(Instant t, long value, String title) {
    }

    record Tick(Instant t, String title) {
    }

    private static final int W = 1000;
    private static final int H = 300;
    private static final int LEFT = 140;
    private static final int RIGHT = 12;
    private static final int TOP = 14;
    private static final int BOTTOM = 34;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Instant from;
    private final Instant to;
    private final long yMax;

    private SvgChart(Instant from, Instant to, long yMax) {
        this.from = from;
        this.to = to.isAfter(from) ? to : from.plusSeconds(1);
        this.yMax = Math.max(1, yMax);
    }

    static String render(String label, Instant from, Instant to, List<Series> series, List<Band> band,
                         List<Marker> markers, List<Tick> ticks, LongFunction<String> yLabel) {
        long max = 0;
        for (Series s : series) {
            for (Point p : s.points()) {
                max = Math.max(max, p.value());
            }
        }
        for (Band b : band) {
            max = Math.max(max, b.high());
        }
        SvgChart c = new SvgChart(from, to, max + max / 20);
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<svg class=\"chart\" viewBox=\"0 0 ").append(W).append(' ').append(H)
                .append("\" role=\"img\" aria-label=\"").append(Html.esc(label)).append("\">");
        c.grid(sb, yLabel);
        if (band.size() > 1) {
            sb.append("<polygon class=\"band\" points=\"");
            for (Band b : band) {
                sb.append(c.x(b.t())).append(',').append(c.y(b.high())).append(' ');
            }
            for (int i = band.size() - 1; i >= 0; i--) {
                sb.append(c.x(band.get(i).t())).append(',').append(c.y(band.get(i).low())).append(' ');
            }
            sb.append("\"><title>range anomaly detection accepts</title></polygon><polyline class=\"median\" points=\"");
            for (Band b : band) {
                sb.append(c.x(b.t())).append(',').append(c.y(b.median())).append(' ');
            }
            sb.append("\"><title>median of recent good runs</title></polyline>");
        }
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            sb.append("<polyline class=\"line s").append(i % 6).append("\" points=\"");
            for (Point p : s.points()) {
                sb.append(c.x(p.t())).append(',').append(c.y(p.value())).append(' ');
            }
            sb.append("\"><title>").append(Html.esc(s.name())).append("</title></polyline>");
            if (s.points().size() == 1) {
                Point p = s.points().get(0);
                sb.append("<circle class=\"dot s").append(i % 6).append("\" cx=\"").append(c.x(p.t())).append("\" cy=\"")
                        .append(c.y(p.value())).append("\" r=\"5\"/>");
            }
        }
        for (Tick t : ticks) {
            int x = c.x(t.t());
            sb.append("<line class=\"fail-tick\" x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"")
                    .append(H - BOTTOM).append("\" y2=\"").append(H - BOTTOM - 14).append("\"><title>")
                    .append(Html.esc(t.title())).append("</title></line>");
        }
        for (Marker m : markers) {
            sb.append("<circle class=\"anomaly-marker\" cx=\"").append(c.x(m.t())).append("\" cy=\"").append(c.y(m.value()))
                    .append("\" r=\"9\"><title>").append(Html.esc(m.title())).append("</title></circle>");
        }
        return sb.append("</svg>").toString();
    }

    private void grid(StringBuilder sb, LongFunction<String> yLabel) {
        for (int i = 0; i <= 4; i++) {
            long v = yMax / 4 * i;
            int y = y(v);
            sb.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(W - RIGHT).append("\" y1=\"")
                    .append(y).append("\" y2=\"").append(y).append("\"/>");
            sb.append("<text class=\"axis\" x=\"").append(LEFT - 8).append("\" y=\"").append(y + 7)
                    .append("\" text-anchor=\"end\">").append(Html.esc(yLabel.apply(v))).append("</text>");
        }
        long span = Duration.between(from, to).toSeconds();
        for (int i = 0; i <= 3; i++) {
            Instant t = from.plusSeconds(span / 3 * i);
            String anchor = i == 0 ? "start" : i == 3 ? "end" : "middle";
            sb.append("<text class=\"axis\" x=\"").append(x(t)).append("\" y=\"").append(H - 8).append("\" text-anchor=\"")
                    .append(anchor).append("\">").append(DAY.format(t)).append("</text>");
        }
    }

    private int x(Instant t) {
        long span = Math.max(1, Duration.between(from, to).toMillis());
        long at = Math.min(span, Math.max(0, Duration.between(from, t).toMillis()));
        return LEFT + (int) (at * (W - LEFT - RIGHT) / span);
    }

    private int y(long value) {
        long clamped = Math.min(yMax, Math.max(0, value));
        // a drawing position, not a decision: floating point is precise enough and cannot overflow
        return (int) Math.round(H - BOTTOM - (double) clamped / yMax * (H - TOP - BOTTOM));
    }
}
