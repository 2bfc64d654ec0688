package dev.backstop.cli;

import dev.backstop.core.Version;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The manual page backstop(1), in roff, made from picocli's own help of every command, so that
 * it never disagrees with {@code --help}.
 */
final class ManPage {

    private ManPage() {
    }

    static String render(CommandSpec root) {
        StringBuilder sb = new StringBuilder();
        sb.append(".TH BACKSTOP 1 \"\" \"backstop ").append(escape(Version.get())).append("\" \"User Commands\"\n")
                .append(".SH NAME\nbackstop \\- back up a web application's server and prove every copy restorable\n")
                .append(".SH SYNOPSIS\n.B backstop\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n")
                .append(".SH DESCRIPTION\n").append(escape(String.join(" ", root.usageMessage().description()))).append('\n')
                .append(".PP\nbackstop never says success unless the backup is complete, stored on every target, verified"
                        + " there, and restorable with standard tools.\n")
                .append(".SH COMMANDS\n");
        for (Map.Entry<String, CommandLine> e : root.subcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (sub.usageMessage().hidden()) {
                continue;
            }
            sb.append(".SS \"backstop ").append(escape(e.getKey())).append("\"\n.nf\n")
                    .append(escapeBlock(e.getValue().getUsageMessage(Help.Ansi.OFF))).append(".fi\n");
        }
        sb.append(".SH EXIT STATUS\n")
                .append(item("0", "complete, committed and verified on every target"))
                .append(item("1", "internal error (a bug)"))
                .append(item("2", "usage or configuration error"))
                .append(item("3", "another run holds the lock"))
                .append(item("4", "preflight failed; nothing could be backed up"))
                .append(item("5", "a source failed; nothing committed"))
                .append(item("6", "a target failed; committed on the other targets"))
                .append(item("7", "stored and verified, but an anomaly needs a human"))
                .append(item("130, 143", "interrupted by SIGINT or SIGTERM"))
                .append(".PP\n\\fBbackstop status\\fR exits like a Nagios plugin: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n")
                .append(".SH ENVIRONMENT\n")
                .append(item("BACKSTOP_CONFIG", "the configuration file when --config is not given"))
                .append(item("BACKSTOP_DASHBOARD_TOKEN", "the token of the dashboard when --token-file is not given"))
                .append(item("BACKSTOP_JAVA_OPTS", "options for the Java virtual machine (the launcher)"))
                .append(".SH FILES\n")
                .append(item("/etc/backstop/backstop.yml", "the configuration (backstop init writes a starter)"))
                .append(item("/var/lib/backstop/history.db", "the run history (state_dir)"))
                .append(item("/etc/systemd/system/backstop.timer", "runs at 03:00, 11:00 and 19:00"))
                .append(".SH SEE ALSO\n")
                .append(".BR systemd.timer (5),\n.BR crontab (5),\n.BR sha256sum (1),\n.BR tar (1)\n");
        return sb.toString();
    }

    private static String item(String tag, String text) {
        return ".TP\n.B " + escape(tag) + "\n" + escape(text) + "\n";
    }

    /** Text for roff: backslashes and hyphens escaped, no line starting with a control character. */
    static String escape(String text) {
        String s = text.replace("\\", "\\e").replace("-", "\\-");
        return s.startsWith(".") || s.startsWith("'") ? "\\&" + s : s;
    }

    private static String escapeBlock(String block) {
        StringBuilder sb = new StringBuilder();
        for (String line : block.split("\n", -1)) {
            sb.append(escape(line)).append('\n');
        }
        // split keeps a trailing empty line after the last newline: drop it
        return sb.toString().replaceAll("\n\n$", "\n");
    }
}
