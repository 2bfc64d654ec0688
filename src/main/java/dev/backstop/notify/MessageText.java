package dev.backstop.notify;

import dev.backstop.core.AnomalyFinding;
import dev.backstop.core.ByteSize;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Durations;
import java.time.Duration;
import java.util.Locale;

/** The text of a notification: the one line first, then sizes, durations, targets, findings. */
public final class MessageText {

    private MessageText() {
    }

    /** The first line, also the e-mail subject: {@code backstop web-1: ANOMALY, backup X stored; ...}. */
    public static String firstLine(String host, String id, String outcome, String reason) {
        String what = switch (outcome) {
            case "success" -> "SUCCESS, backup " + id + " complete and verified on every target";
            case "anomaly" -> "ANOMALY, backup " + id + " stored and verified, but needs a human";
            case "partial" -> "FAILED on some targets, backup " + id + " not stored everywhere";
            case "interrupted" -> "INTERRUPTED, backup " + id + " not stored";
            default -> "FAILED, backup " + id + " not stored";
        };
        return "backstop " + host + ": " + what + (reason == null || reason.isBlank() ? "" : ": " + oneLine(reason));
    }

    /** The first line of a check: {@code backstop web-1: verify FAILED: 1 critical, ...}. */
    public static String checkLine(String host, String result) {
        return "backstop " + host + ": " + oneLine(result);
    }

    /** The whole plain-text message. */
    public static String body(RunNotice n) {
        if (!RunNotice.RUN.equals(n.kind())) {
            return checkBody(n);
        }
        StringBuilder b = new StringBuilder(n.summary()).append("\n\n");
        b.append("Run:       ").append(n.id()).append(" on ").append(n.host()).append(", exit code ").append(n.exitCode())
                .append(", outcome ").append(n.outcome()).append('\n');
        b.append("Started:   ").append(n.started()).append('\n');
        b.append("Finished:  ").append(n.finished()).append(" (took ")
                .append(Durations.human(Duration.between(n.started(), n.finished()))).append(")\n");
        b.append("Stored:    ").append(ByteSize.human(n.storedBytes())).append(" (").append(n.storedBytes())
                .append(" bytes) in ").append(n.components().size()).append(" component(s)\n");
        if (!n.components().isEmpty()) {
            b.append("\nComponents:\n");
            for (ComponentEntry c : n.components()) {
                b.append(String.format(Locale.ROOT, "  %-16s %-8s %10s stored, %10s raw, dumped in %s%s%n", c.name(),
                        c.type(), ByteSize.human(c.bytes()), ByteSize.human(c.rawBytes()),
                        Durations.human(Duration.ofMillis(c.durationMs())), facts(c)));
            }
        }
        if (!n.targets().isEmpty()) {
            b.append("\nTargets:\n");
            for (RunNotice.TargetLine t : n.targets()) {
                b.append("  ").append(t.name()).append(": ").append(t.state());
                if (t.path() != null) {
                    b.append(", verified with ").append(t.verified()).append(", at ").append(t.path());
                }
                if (t.reason() != null) {
                    b.append(": ").append(oneLine(t.reason()));
                }
                b.append('\n');
            }
        }
        if (!n.anomalies().isEmpty()) {
            b.append("\nAnomaly findings (against the median of the recent good runs):\n");
            for (AnomalyFinding f : n.anomalies()) {
                b.append("  ").append(f.message()).append('\n');
            }
            b.append("\nIf this change is expected, accept it so that later runs compare against it:\n")
                    .append("  backstop accept ").append(n.id()).append('\n');
        }
        if (!n.warnings().isEmpty()) {
            b.append("\nWarnings:\n");
            n.warnings().forEach(w -> b.append("  ").append(oneLine(w)).append('\n'));
        }
        b.append("\n-- \nbackstop ").append(n.version()).append('\n');
        return b.toString();
    }

    private static String checkBody(RunNotice n) {
        StringBuilder b = new StringBuilder(n.summary()).append("\n\n");
        b.append("Check:     ").append(n.kind()).append(" on ").append(n.host())
                .append(n.id() == null ? "" : ", backup " + n.id()).append(", exit code ").append(n.exitCode())
                .append(", outcome ").append(n.outcome()).append('\n');
        b.append("Started:   ").append(n.started()).append('\n');
        b.append("Finished:  ").append(n.finished()).append(" (took ")
                .append(Durations.human(Duration.between(n.started(), n.finished()))).append(")\n");
        b.append("Read:      ").append(ByteSize.human(n.storedBytes())).append(" (").append(n.storedBytes())
                .append(" bytes)\n");
        if (!n.findings().isEmpty()) {
            b.append("\nFindings:\n");
            n.findings().forEach(f -> b.append("  ").append(oneLine(f)).append('\n'));
        }
        b.append("\n-- \nbackstop ").append(n.version()).append('\n');
        return b.toString();
    }

    private static String facts(ComponentEntry c) {
        if (c.facts() == null) {
            return "";
        }
        if (c.facts().tableRows() != null) {
            long rows = c.facts().tableRows().values().stream().mapToLong(Long::longValue).sum();
            return ", " + c.facts().tableRows().size() + " table(s), " + rows + " row(s)";
        }
        if (c.facts().fileCount() != null) {
            return ", " + c.facts().fileCount() + " file(s)";
        }
        return "";
    }

    static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }
}
