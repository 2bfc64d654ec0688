package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.Durations;
import dev.backstop.core.EventLog;
import dev.backstop.registry.Kinds;
import dev.backstop.run.Cancellation;
import dev.backstop.run.RestoreRun;
import dev.backstop.run.TargetChoice;
import dev.backstop.run.WorkflowContext;
import dev.backstop.target.Target;
import dev.backstop.target.Targets;
import dev.backstop.verify.RestoreReport;
import dev.backstop.verify.RestoreRequest;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import dev.backstop.verify.PointInTimeRestore;
import java.time.Instant;
import java.time.ZoneId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backstop restore}: disaster recovery of one backup into a directory and new databases. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore a backup after checking its hashes: files components into DIR/<name>/, SQLite "
                + "databases as DIR/<name>.db, database dumps into new databases (--database) or as DIR/<name>.sql.",
            "With --at TIME --database SOURCE=NEWNAME: the database of a source with log_archive as it was at TIME,"
                + " from the newest dump finished before it and the archived binary logs after it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:restored",
            "2:usage error, or DIR not empty / database exists without --force; nothing written",
            "3:(--at) another restore --at holds state_dir/restore-at.lock; nothing touched",
            "4:this machine or account cannot restore (a database server that refuses the CREATE, an encrypted"
                + " backup without a usable encryption: identity_file, a history that cannot be used): the message"
                + " names the fix; nothing written",
            "6:the backup is missing or corrupt on the target, or (--at) the archived logs have a gap before TIME;"
                + " nothing written",
            "130:interrupted by SIGINT",
            "143:interrupted by SIGTERM"})
final class RestoreCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCommand parent;

    @Mixin
    CommonOptions options;

    @Mixin
    JsonOption json;

    @Spec
    CommandSpec spec;

    @Option(names = "--backup", paramLabel = "ID", description = "The backup to restore, e.g. 20251104T020001Z.")
    String backup;

    @Option(names = "--at", paramLabel = "TIME", description = "Restore one database as it was at TIME: "
            + "2026-12-04T10:15:00Z, an offset (2026-12-04T11:15:00+01:00), or '2026-12-04 11:15:00' in this machine's"
            + " time zone (TZ, else /etc/localtime). Every transaction committed at or before TIME is applied, none"
            + " after. Needs exactly one --database and log_archive on that source; no --backup, --to or --only.")
    String at;

    @Option(names = "--target", paramLabel = "NAME", description = "The target to restore from (default: the first;"
            + " with --at, the first holding a dump before TIME and the logs after it without a gap).")
    String only;

    @Option(names = "--to", paramLabel = "DIR", description = "Where files and dumps go; must be empty.")
    Path to;

    @Option(names = "--database", paramLabel = "SOURCE=NEWNAME",
            description = "Load the dump of SOURCE into the new database NEWNAME on its configured server (repeatable).")
    Map<String, String> databases = new LinkedHashMap<>();

    @Option(names = "--only", paramLabel = "NAME", split = ",", description = "Only these components (repeatable).")
    List<String> onlyComponents = List.of();

    @Option(names = "--force", description = "Write into a non-empty DIR; replace an existing database.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Instant moment = at == null ? null : checkAtOptions();
        if (moment == null && (backup == null || to == null)) {
            throw new ParameterException(spec.commandLine(), "Missing required options: --backup=ID and --to=DIR"
                    + " (or --at=TIME with --database SOURCE=NEWNAME)");
        }
        BackstopConfig config = ConfigLoader.load(options.config, Kinds.schema());
        EventLog log = new EventLog(parent.err, Clock.systemUTC());
        List<Target> targets = Kinds.targets(config);
        Cancellation cancellation = new Cancellation();
        cancellation.bind(Thread.currentThread());
        WorkflowContext context = new WorkflowContext(config, targets, Clock.systemUTC(), log,
                TerminalProgress.forConsole(parent.err), cancellation);
        RestoreReport report;
        try (SignalTrap trap = SignalTrap.install(cancellation)) {
            TargetChoice choice = new TargetChoice(only, options.config);
            if (moment != null) {
                Map.Entry<String, String> database = databases.entrySet().iterator().next();
                report = new RestoreRun(context).executeAt(choice, new PointInTimeRestore.Request(database.getKey(),
                        database.getValue(), moment, force));
            } else {
                report = new RestoreRun(context).execute(choice, new RestoreRequest(backup, to.toAbsolutePath(),
                        databases, Set.copyOf(onlyComponents), force));
            }
        } finally {
            Targets.closeAll(targets, log);
        }
        if (json.requested()) {
            json.print(parent.out, report);
        } else {
            TerminalProgress.componentLines(report.restored(), TerminalProgress.onTerminal()).forEach(parent.out::println);
            report.findings().forEach(f -> parent.out.println(f.line()));
            parent.out.println(moment == null ? summary(report) : summaryAt(report, at, moment));
        }
        return report.exitCode();
    }

    /** The moment of {@code --at}, after checking that the options that go with it are there and no others. */
    private Instant checkAtOptions() {
        if (backup != null || to != null || !onlyComponents.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--at restores one database from the newest dump before"
                    + " TIME: it takes no --backup, --to or --only");
        }
        if (databases.size() != 1) {
            throw new ParameterException(spec.commandLine(), "--at needs exactly one --database SOURCE=NEWNAME");
        }
        try {
            return RestoreTime.parse(at, ZoneId.systemDefault());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The last line of {@code --at}: the outcome, the moment as given and in UTC. */
    static String summaryAt(RestoreReport report, String given, Instant moment) {
        String when = given + (given.equals(moment.toString()) ? "" : " (" + moment + ")");
        return (report.ok() ? "restore OK: as of " + when + ", from backup " + report.backupId() + " and the archived"
                + " binary logs on " : "restore FAILED, nothing restored: as of " + when + ", from ") + report.target()
                + " in " + Durations.human(report.took());
    }

    /** The last line: the outcome, and where an archive's files went, as they keep their original paths. */
    static String summary(RestoreReport report) {
        boolean archives = report.restored().stream().anyMatch(line -> line.contains(" entries extracted below "));
        return (report.ok() ? "restore OK: " : "restore FAILED, nothing restored: ") + "backup " + report.backupId()
                + " from " + report.target() + ", " + report.restored().size() + " component(s) in "
                + Durations.human(report.took()) + (report.ok() && archives ? "; archived files are below "
                + "DIR/<component>/ at their full original path (DIR/<component>/var/www/... for /var/www/...), as"
                + " tar xf -C puts them" : "");
    }
}
