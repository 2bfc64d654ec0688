package dev.backstop.dashboard;

import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ByteSize;
import dev.backstop.core.Durations;
import dev.backstop.core.RunOutcome;
import dev.backstop.core.SourceFacts;
import dev.backstop.history.ComponentRecord;
import dev.backstop.history.RunRecord;
import dev.backstop.history.RunView;
import dev.backstop.history.TargetCommitRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** The table of runs, newest first: failures and anomalies stand out by class and by word. */
final class RunsTable {

    static final int NOTES_SHOWN = 3;

    private RunsTable() {
    }

    /**
     * @param newestFirst the runs to list
     * @param total       how many runs the period holds (more than listed when cut)
     */
    static void render(StringBuilder sb, List<RunView> newestFirst, int total, String allLink) {
        sb.append("<section id=\"runs\"><div class=\"section-head\"><h2>Runs</h2>")
                .append("<label class=\"filter\"><input type=\"checkbox\" id=\"problems-only\"> problems only</label></div>")
                .append("<div class=\"scroll\"><table class=\"runs\"><thead><tr><th>Started</th><th>Outcome</th>")
                .append("<th class=\"num\">Duration</th><th class=\"num\">Size</th><th>Reason</th></tr></thead><tbody>");
        for (RunView v : newestFirst) {
            RunRecord r = v.run();
            String kind = kind(r);
            sb.append("<tr class=\"run run-").append(kind).append("\" id=\"run-").append(Html.esc(r.id())).append("\">")
                    .append("<td>").append(Page.time(r.startedAt())).append("<div class=\"sub\">").append(Html.esc(r.id()))
                    .append("</div></td><td><span class=\"badge badge-").append(kind).append("\">")
                    .append(Html.esc(label(r))).append("</span></td><td class=\"num\">")
                    .append(r.finishedAt() == null ? "&ndash;" : Durations.human(Duration.between(r.startedAt(), r.finishedAt())))
                    .append("</td><td class=\"num\">").append(r.bytes() == null || r.bytes() == 0 ? "&ndash;" : ByteSize.human(r.bytes()))
                    .append("</td><td class=\"reason\">");
            reason(sb, v);
            sb.append("</td></tr>");
        }
        sb.append("</tbody></table></div>");
        if (total > newestFirst.size()) {
            sb.append("<p class=\"more\">").append(newestFirst.size()).append(" of ").append(total)
                    .append(" runs shown. <a href=\"").append(Html.esc(allLink)).append("\">Show all</a></p>");
        }
        sb.append("</section>");
    }

    private static void reason(StringBuilder sb, RunView v) {
        RunRecord r = v.run();
        if (r.reason() != null) {
            sb.append(Html.esc(r.reason()));
        }
        List<AnomalyFinding> findings = v.findings();
        if (!findings.isEmpty()) {
            sb.append("<ul class=\"findings\">");
            for (AnomalyFinding f : findings) {
                sb.append("<li>").append(Html.esc(f.message())).append("</li>");
            }
            sb.append("</ul>");
        }
        for (TargetCommitRecord c : v.commits()) {
            if (c.outcome() != TargetCommitRecord.Outcome.COMMITTED && r.reason() == null) {
                sb.append("<div>target ").append(Html.esc(c.target())).append(": ").append(Html.esc(c.reason())).append("</div>");
            }
        }
        fileNotes(sb, v.components());
        if (v.failedNotifications() > 0) {
            sb.append("<div class=\"sub\">").append(v.failedNotifications()).append(" notification(s) failed</div>");
        }
    }

    /**
     * The run's warnings about files, as its sources recorded them in the manifest (and so in
     * history): changed while read first, since what was stored differs from the file, then
     * skipped. A run that names hundreds shows a few and the count.
     */
    private static void fileNotes(StringBuilder sb, List<ComponentRecord> components) {
        List<String> notes = new ArrayList<>();
        for (ComponentRecord c : components) {
            SourceFacts f = c.facts();
            if (f != null) {
                Stream.of(f.changed(), f.skipped()).filter(Objects::nonNull).flatMap(List::stream)
                        .forEach(n -> notes.add(c.name() + ": " + n.path() + ": " + n.reason()));
            }
        }
        if (notes.isEmpty()) {
            return;
        }
        sb.append("<ul class=\"warnings\">");
        notes.stream().limit(NOTES_SHOWN).forEach(n -> sb.append("<li>").append(Html.esc(n)).append("</li>"));
        if (notes.size() > NOTES_SHOWN) {
            sb.append("<li class=\"sub\">and ").append(notes.size() - NOTES_SHOWN)
                    .append(" more in the manifest (components[].facts)</li>");
        }
        sb.append("</ul>");
    }

    /** ok, anomaly, accepted, failed or running: the class a row and its badge get. */
    static String kind(RunRecord r) {
        return switch (r.outcome()) {
            case SUCCESS -> "ok";
            case ANOMALY -> r.acceptedAt() == null ? "anomaly" : "accepted";
            case RUNNING -> "running";
            default -> "failed";
        };
    }

    private static String label(RunRecord r) {
        if (r.outcome() == RunOutcome.ANOMALY && r.acceptedAt() != null) {
            return "anomaly (accepted)";
        }
        return r.outcome().word();
    }
}
