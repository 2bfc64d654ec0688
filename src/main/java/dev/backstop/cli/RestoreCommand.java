package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.core.ConfigException;
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
            "2:usage error, or DIR not empty / database exists without --force, or the disposable server of an earlier"
                + " --to-server restore still runs; nothing written",
            "3:(--at) another restore --at holds state_dir/restore-at.lock; nothing touched",
            "4:this machine or account cannot restore (a database server that refuses the CREATE, no server binaries for"
                + " --to-server disposable or --at, an encrypted"
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

    @Option(names = "--to", paramLabel = "DIR", description = "Where files and dumps go; must be empty. Not needed"
            + " when --database loads every component restored.")
    Path to;

    @Option(names = "--database", paramLabel = "SOURCE=NEWNAME",
            description = "Load the dump of SOURCE into the new database NEWNAME on its configured server (repeatable).")
    Map<String, String> databases = new LinkedHashMap<>();

    @Option(names = "--to-server", paramLabel = "disposable",
            description = "Load the --database dumps into a fresh server started from this machine's binaries instead"
                    + " of the source's server, and leave it running for inspection; prints how to connect and how to"
                    + " stop it.")
    String toServer;

    @Option(names = "--socket", paramLabel = "PATH",
            description = "With --to-server: the disposable server's socket (MariaDB: the socket file; PostgreSQL: the"
                    + " directory of .s.PGSQL.5432). Default: in its directory below state_dir/inspect-server.")
    Path socket;

    @Option(names = "--only", paramLabel = "NAME", split = ",", description = "Only these components (repeatable).")
    List<String> onlyComponents = List.of();

    @Option(names = "--strip-source-path",
            description = "Restore files components into DIR/<name>/ relative to the directory that holds the source's"
                    + " paths (DIR/<name>/public/... for /var/www/public/...), not at their full original path.")
    boolean stripSourcePath;

    @Option(names = "--force", description = "Write into a non-empty DIR; replace an existing database.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Instant moment = at == null ? null : checkAtOptions();
        if (moment == null && (backup == null || to == null && databases.isEmpty())) {
            throw new ParameterException(spec.commandLine(), "Missing required options: --backup=ID and --to=DIR"
                    + " (--to may be left out when --database loads every component restored; or --at=TIME with"
                    + " --database SOURCE=NEWNAME)");
        }
        if (toServer != null && !toServer.equals("disposable")) {
            throw new ConfigException("--to-server: the only server is 'disposable'"
                    + " (a fresh server from this machine's binaries), not '" + toServer + "'");
        }
        if (toServer != null && databases.isEmpty()) {
            throw new ConfigException("--to-server disposable loads dumps named by"
                    + " --database SOURCE=NEWNAME; give at least one");
        }
        if (socket != null && toServer == null) {
            throw new ConfigException("--socket is the socket of --to-server"
                    + " disposable; add that option or drop --socket");
        }
        BackstopConfig config = ConfigLoader.load(options.config, Kinds.schema());
        EventLog log = new EventLog(parent.err, Clock.systemUTC());
        List<Target> targets = Kinds.targets(config);
        Cancellation cancellation = new Cancellation();
        cancellation.bind(Thread.currentThread());
        RestoreRequest request = moment != null ? null : new RestoreRequest(backup,
                to == null ? null : to.toAbsolutePath(), databases, Set.copyOf(onlyComponents), force, stripSourcePath);
        WorkflowContext context = new WorkflowContext(config, targets, Clock.systemUTC(), log,
                TerminalProgress.forConsole(parent.err, log), cancellation);
        RestoreReport report;
        List<String> servers = List.of();
        try (SignalTrap trap = SignalTrap.install(cancellation)) {
            TargetChoice choice = new TargetChoice(only, options.config);
            if (moment != null) {
                Map.Entry<String, String> database = databases.entrySet().iterator().next();
                report = new RestoreRun(context).executeAt(choice, new PointInTimeRestore.Request(database.getKey(),
                        database.getValue(), moment, force, null));
            } else if (toServer == null) {
                report = new RestoreRun(context).execute(choice, request);
            } else {
                RestoreRun.OnDisposable done = new RestoreRun(context).executeOnDisposable(choice, request,
                        socket == null ? null : socket.toAbsolutePath());
                report = done.report();
                servers = done.servers();
            }
        } finally {
            Targets.closeAll(targets, log);
        }
        if (json.requested()) {
            json.print(parent.out, toServer == null ? report : new RestoreRun.OnDisposable(report, servers));
        } else {
            TerminalProgress.componentLines(report.restored(), TerminalProgress.onTerminal()).forEach(parent.out::println);
            report.findings().forEach(f -> parent.out.println(f.line()));
            servers.forEach(parent.out::println);
            parent.out.println(moment == null ? summary(report, stripSourcePath) : summaryAt(report, at, moment));
        }
        return report.exitCode();
    }

    /** The moment of {@code --at}, after checking that the options that go with it are there and no others. */
    private Instant checkAtOptions() {
        if (backup != null || to != null || !onlyComponents.isEmpty() || toServer != null || stripSourcePath) {
            throw new ParameterException(spec.commandLine(), "--at restores one database from the newest dump before"
                    + " TIME into the source's server: it takes no --backup, --to, --only, --to-server or"
                    + " --strip-source-path");
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
        String outcome = !report.ok() ? "restore FAILED, nothing restored: as of " + when + ", from "
                : (report.findings().isEmpty() ? "restore OK: as of " + when
                : "restore OK, but only up to the end of the archive, before " + when) + ", from backup "
                + report.backupId() + " and the archived binary logs on ";
        return outcome + report.target() + " in " + Durations.human(report.took());
    }

    /** The last line: the outcome, and where an archive's files went, as they keep their original paths. */
    static String summary(RestoreReport report) {
        return summary(report, false);
    }

    /** The last line; with {@code stripped} ({@code --strip-source-path}) it says where the archived files went instead. */
    static String summary(RestoreReport report, boolean stripped) {
        if (stripped && report.ok() && report.restored().stream().anyMatch(line -> line.contains("(--strip-source-path)"))) {
            return summary(report, false) + "; archived files are in DIR/<component>/ relative to the directory that"
                    + " held the source's paths (--strip-source-path)";
        }
        boolean archives = report.restored().stream().anyMatch(line -> line.contains(" entries extracted below "));
        return (report.ok() ? "restore OK: " : "restore FAILED, nothing restored: ") + "backup " + report.backupId()
                + " from " + report.target() + ", " + report.restored().size() + " component(s) in "
                + Durations.human(report.took()) + (report.ok() && archives ? "; archived files are below "
                + "DIR/<component>/ at their full original path (DIR/<component>/var/www/... for /var/www/...), as"
                + " tar xf -C puts them; --strip-source-path restores them relative to the source's path" : "");
    }
}
