package dev.backstop.dashboard;

import dev.backstop.core.ArchiverProcess;
import dev.backstop.core.ByteSize;
import dev.backstop.core.Durations;
import dev.backstop.core.RunOutcome;
import dev.backstop.history.Overview;
import dev.backstop.history.RunView;
import dev.backstop.history.StoredBackup;
import dev.backstop.history.VerificationRecord;
import dev.backstop.status.Health;
import dev.backstop.status.HealthEvaluator;
import dev.backstop.status.LogLag;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The HTML of the dashboard: banner, numbers, targets, checks, charts, runs. */
final class Page {

    /** What one page shows. */
    record Model(String host, String version, Instant now, Health health, Overview overview, List<String> targets,
                 List<RunView> runs, List<RunView> lastThirtyDays, int days, boolean allRuns,
                 Map<String, String> sizeCharts, Charts.TableChart tableChart, List<LogLag> logs,
                 Map<String, String> recoveryCharts) {
    }

    static final int RUNS_SHOWN = 60;
    static final List<Integer> RANGES = List.of(7, 30, 90, 365);
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Page() {
    }

    static String render(Model m) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        sb.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(m.health().state().name()).append(" · backstop · ").append(Html.esc(m.host()))
                .append("</title><link rel=\"stylesheet\" href=\"assets/dashboard.css\">")
                .append("<script src=\"assets/dashboard.js\" defer></script></head><body>")
                .append("<header><h1>backstop <span class=\"host\">").append(Html.esc(m.host())).append("</span></h1>")
                .append("<nav class=\"ranges\">");
        for (int d : RANGES) {
            sb.append("<a href=\"?days=").append(d).append("\"").append(d == m.days() ? " class=\"current\"" : "").append('>')
                    .append(d).append(" d</a>");
        }
        sb.append("</nav></header><main>");
        Banner.render(sb, m);
        numbers(sb, m);
        targets(sb, m);
        checks(sb, m);
        charts(sb, m);
        List<RunView> newestFirst = new java.util.ArrayList<>(m.runs());
        java.util.Collections.reverse(newestFirst);
        RunsTable.render(sb, m.allRuns() ? newestFirst : newestFirst.subList(0, Math.min(RUNS_SHOWN, newestFirst.size())),
                newestFirst.size(), "?days=" + m.days() + "&runs=all#runs");
        sb.append("</main><footer>backstop ").append(Html.esc(m.version())).append(" · read-only view of history · ")
                .append("generated ").append(time(m.now())).append(" · <a href=\"metrics\">metrics</a></footer></body></html>");
        return sb.toString();
    }

    /**
     * What a stored set holds: its components. A set without one holds only binary-log positions,
     * which stand for its databases (history does not record those).
     */
    private static String contents(RunView stored) {
        return stored.components().isEmpty() ? "log positions only, no dump" : stored.components().size() + " component(s)";
    }

    private static void numbers(StringBuilder sb, Page.Model m) {
        sb.append("<section class=\"cards\">");
        rate(sb, "rate-7d", "Success, 7 days", m.lastThirtyDays(), m.now().minus(Duration.ofDays(7)));
        rate(sb, "rate-30d", "Success, 30 days", m.lastThirtyDays(), m.now().minus(Duration.ofDays(30)));
        RunView stored = m.overview().newestStored();
        card(sb, "last-size", "Last backup size", stored == null || stored.run().bytes() == null ? "–"
                : ByteSize.human(stored.run().bytes()), stored == null ? "" : contents(stored) + ", "
                + ago(stored.run().startedAt(), m.now()));
        String chain = HealthEvaluator.chainOf(stored);
        if (chain != null) {
            // shown only where files are backed up incrementally: a restore reads every set of the chain
            int sets = stored.components().stream().filter(c -> c.incremental() != null)
                    .mapToInt(c -> c.incremental().level() + 1).max().orElse(1);
            card(sb, "chain", "Restore reads", sets + (sets == 1 ? " set" : " sets"), chain);
        }
        RunView last = m.overview().newestFinished();
        card(sb, "last-duration", "Last run took", last == null || last.run().finishedAt() == null ? "–"
                : Durations.human(Duration.between(last.run().startedAt(), last.run().finishedAt())), "");
        VerificationRecord rt = m.overview().lastPassedRestoreTest();
        card(sb, "rto", "Restore time (RTO)", rt == null || rt.restoreMs() == null ? "–" : Durations.human(Duration.ofMillis(rt.restoreMs())),
                rt == null ? "no restore test passed" : "tested " + ago(rt.finished(), m.now()));
        for (LogLag l : m.logs()) {
            Duration lag = l.at(m.now());
            String window = l.windowTo() == null ? "no dump starts a complete chain yet"
                    : "recoverable from " + UTC.format(l.windowFrom()) + " to " + UTC.format(l.windowTo()) + " UTC";
            card(sb, "log-" + l.source(), "Log lag " + l.source(), lag == null ? "never caught up" : Durations.human(lag),
                    archiver(l, m.now()) + (l.gaps().isEmpty() ? "" : l.gaps().size() + " GAP(S); ") + window);
        }
        sb.append("</section>");
    }

    /** What is wrong with the archiver of {@code l}, ending in "; ", or nothing while it streams. */
    private static String archiver(LogLag l, Instant now) {
        ArchiverProcess.Condition c = l.archiverAt(now);
        if (c == ArchiverProcess.Condition.STOPPED) {
            return "ARCHIVER STOPPED " + ago(l.archiver().stoppedAt(), now) + ": " + l.archiver().stopReason(now) + "; ";
        }
        if (c == ArchiverProcess.Condition.RECONNECTING) {
            return "archiver reconnecting since " + UTC.format(l.archiver().failingSince()) + " UTC: "
                    + l.archiver().lastError() + "; ";
        }
        return "";
    }

    private static void rate(StringBuilder sb, String id, String label, List<RunView> runs, Instant since) {
        long total = 0;
        long good = 0;
        for (RunView r : runs) {
            RunOutcome o = r.run().outcome();
            if (o == RunOutcome.RUNNING || r.run().startedAt().isBefore(since)) {
                continue;
            }
            total++;
            if (o == RunOutcome.SUCCESS || o == RunOutcome.ANOMALY) {
                good++;
            }
        }
        String value = total == 0 ? "–" : (good * 100 / total) + "%";
        card(sb, id, label, value, good + " of " + total + " runs stored and verified");
    }

    private static void card(StringBuilder sb, String id, String label, String value, String sub) {
        sb.append("<div class=\"card\" id=\"").append(id).append("\"><div class=\"label\">").append(Html.esc(label))
                .append("</div><div class=\"value\">").append(Html.esc(value)).append("</div><div class=\"sub\">")
                .append(Html.esc(sub)).append("</div></div>");
    }

    private static void targets(StringBuilder sb, Page.Model m) {
        sb.append("<section id=\"targets\"><h2>Targets</h2><div class=\"scroll\"><table><thead><tr><th>Target</th>")
                .append("<th>Newest verified backup</th><th class=\"num\">Age</th><th class=\"num\">Backups</th>")
                .append("<th>Verified by</th></tr></thead><tbody>");
        for (String t : m.targets()) {
            StoredBackup s = m.overview().stored().get(t);
            sb.append("<tr><td>").append(Html.esc(t)).append("</td>");
            if (s == null) {
                sb.append("<td colspan=\"4\" class=\"bad\">no backup recorded</td></tr>");
                continue;
            }
            sb.append("<td>").append(Html.esc(s.runId())).append("</td><td class=\"num\">").append(ago(s.runStartedAt(), m.now()))
                    .append("</td><td class=\"num\">").append(s.count()).append("</td><td>").append(Html.esc(s.verifiedWith()))
                    .append("</td></tr>");
        }
        sb.append("</tbody></table></div></section>");
    }

    private static void checks(StringBuilder sb, Page.Model m) {
        sb.append("<section id=\"checks\"><h2>Checks</h2><div class=\"checks\">");
        check(sb, "verify", "Last verify", m.overview().lastVerify(), m.now());
        check(sb, "restore-test", "Last restore test", m.overview().lastRestoreTest(), m.now());
        sb.append("</div></section>");
    }

    private static void check(StringBuilder sb, String id, String title, VerificationRecord r, Instant now) {
        sb.append("<div class=\"check\" id=\"check-").append(id).append("\"><h3>").append(title).append("</h3>");
        if (r == null) {
            sb.append("<p class=\"warn\">never run</p></div>");
            return;
        }
        String kind = "ok".equals(r.outcome()) ? "ok" : "failed";
        sb.append("<p><span class=\"badge badge-").append(kind).append("\">").append(Html.esc(r.outcome())).append("</span> ")
                .append(time(r.finished())).append(" (").append(ago(r.finished(), now)).append(")</p><p class=\"sub\">")
                .append(r.setsChecked()).append(" set(s), ").append(r.filesRead()).append(" file(s) re-hashed, ")
                .append(ByteSize.human(r.bytesRead()));
        if (r.backupId() != null) {
            sb.append(", backup ").append(Html.esc(r.backupId()));
        }
        if (r.restoreMs() != null) {
            sb.append(", restore time ").append(Durations.human(Duration.ofMillis(r.restoreMs())));
        }
        if (r.servers() != null) {
            sb.append(", loaded on ").append(Html.esc(r.servers()));
        }
        sb.append("</p>");
        if (!r.findings().isEmpty()) {
            sb.append("<ul class=\"findings\">");
            r.findings().stream().limit(10).forEach(f -> sb.append("<li class=\"sev-").append(Html.esc(f.severity().toLowerCase(Locale.ROOT)))
                    .append("\">").append(Html.esc(f.severity())).append(' ').append(Html.esc(f.target())).append(": ")
                    .append(Html.esc(f.problem())).append("</li>"));
            sb.append("</ul>");
        }
        sb.append("</div>");
    }

    private static void charts(StringBuilder sb, Page.Model m) {
        sb.append("<section id=\"sizes\"><h2>Size per component</h2>");
        if (m.sizeCharts().isEmpty()) {
            sb.append("<p class=\"sub\">No components recorded in this period.</p>");
        }
        sb.append("<div class=\"charts-grid\">");
        m.sizeCharts().forEach((name, svg) -> sb.append("<figure class=\"chart-box\"><figcaption>").append(Html.esc(name))
                .append("</figcaption>").append(svg).append("</figure>"));
        sb.append("</div>");
        sb.append("<p class=\"legend\"><span class=\"key key-line\"></span> stored size <span class=\"key key-band\"></span>")
                .append(" median of recent good runs (dashed) and the range anomaly detection accepts")
                .append(" <span class=\"key key-anomaly\"></span> anomaly")
                .append(" <span class=\"key key-fail\"></span> failed run</p></section>");
        if (!m.recoveryCharts().isEmpty()) {
            sb.append("<section id=\"recovery-point\"><h2>Recovery point of the binary-log archives</h2>")
                    .append("<div class=\"charts-grid\">");
            m.recoveryCharts().forEach((source, svg) -> sb.append("<figure class=\"chart-box\"><figcaption>")
                    .append(Html.esc(source)).append("</figcaption>").append(svg).append("</figure>"));
            sb.append("</div><p class=\"legend\"><span class=\"key key-s0\"></span> log lag (the greatest per 5 minutes,")
                    .append(" then now): the committed writes a lost server would take with it")
                    .append(" <span class=\"key key-s1\"></span> max_lag <span class=\"key key-fail\"></span> archiver")
                    .append(" stopped</p></section>");
        }
        if (m.tableChart() != null) {
            sb.append("<section id=\"tables\"><h2>Rows of the biggest tables</h2><figure class=\"chart-box\">")
                    .append(m.tableChart().svg()).append("<figcaption class=\"legend\">");
            List<String> names = m.tableChart().names();
            for (int i = 0; i < names.size(); i++) {
                sb.append("<span class=\"key key-s").append(i % 6).append("\"></span> ").append(Html.esc(names.get(i))).append(' ');
            }
            sb.append("</figcaption></figure></section>");
        }
    }

    static String time(Instant t) {
        return "<time datetime=\"" + t + "\">" + UTC.format(t) + " UTC</time>";
    }

    static String ago(Instant then, Instant now) {
        Duration d = Duration.between(then, now);
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        long h = d.toHours();
        if (h >= 48) {
            return h / 24 + " d ago";
        }
        return Durations.human(d) + " ago";
    }
}
