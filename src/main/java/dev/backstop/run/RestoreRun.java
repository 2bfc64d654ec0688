package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.BackstopException;
import dev.backstop.core.ConfigException;
import dev.backstop.core.PreflightException;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.logarchive.LogArchiver;
import dev.backstop.registry.Kinds;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.LogReplayer;
import dev.backstop.source.RestoreEnvironmentException;
import dev.backstop.target.Target;
import dev.backstop.verify.PointInTimeRestore;
import dev.backstop.verify.Restore;
import dev.backstop.verify.RestoreReport;
import dev.backstop.verify.RestoreRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

/**
 * One {@code restore} for disaster recovery, in order: choose the target, then restore the
 * requested components of one backup ({@link Restore}), an increment with every archive of its
 * chain. It takes no lock, records nothing in
 * history and notifies nobody: a person runs it and reads its result.
 */
public final class RestoreRun {

    private final WorkflowContext context;

    public RestoreRun(WorkflowContext context) {
        this.context = context;
    }

    /** Keeps a second {@code restore --at} away from the disposable server of the first. */
    static final String AT_LOCK_FILE = "restore-at.lock";

    /**
     * Restores one database source as it was at a moment ({@link PointInTimeRestore}), replayed
     * on a disposable server of its own under {@code state_dir/restore-at-server}.
     *
     * @param choice the target {@code --target} names; without a name, the first target holding a
     *               dump before the moment and a chain without a gap from it
     * @throws BackstopException the source is not configured or archives no logs, the new database
     *                           exists ({@code ConfigException}; nothing written), no disposable
     *                           server can run here or the server refuses the CREATE
     *                           ({@code PreflightException}), another {@code restore --at} runs
     *                           ({@code LockedException}), or a signal stopped it
     */
    public RestoreReport executeAt(TargetChoice choice, PointInTimeRestore.Request request)
            throws BackstopException, IOException {
        BackstopConfig config = context.config();
        StateDirectory.privateDir(config.stateDir());
        SourceConfig source = config.sources().stream().filter(s -> s.name().equals(request.source())).findFirst()
                .orElseThrow(() -> new ConfigException("--database " + request.source() + "=...: no source named "
                        + request.source() + " in " + config.file()));
        ProcessRunner runner = new ProcessRunner();
        LogReplayer replayer = Kinds.source(source.type()).flatMap(k -> k.logReplayer(source, runner))
                .orElseThrow(() -> new ConfigException("--at: source " + request.source() + " has no log_archive, so"
                        + " no binary logs are archived to replay after its dumps; restore a whole backup with"
                        + " --backup instead"));
        List<Target> targets = choice.from(context.targets());
        Path scratch = StateDirectory.privateDir(config.stateDir().resolve("restore"));
        DatabaseServer production = DatabaseServers.of(config, scratch).get(request.source());
        try (RunLock lock = RunLock.acquire(config.stateDir().resolve(AT_LOCK_FILE));
             DisposableServers disposable = new DisposableServers(config, config.stateDir().resolve("restore-at-server"),
                     context.log())) {
            DatabaseServer server = disposable.forSource(request.source()).orElseThrow(() -> new PreflightException(
                    "--at: source " + request.source() + " sets restore_test: {server: source}, but restore --at"
                    + " replays the binary logs on a disposable server only (never on the production server);"
                    + " remove that setting so that one can start here (docs/restore-test-server.md)"));
            disposable.removeLeftovers();
            PointInTimeRestore restore = new PointInTimeRestore(config.host(), scratch, replayer, production, server,
                    context.clock(), context.log(), context.progress(), DecryptionKeys.of(config));
            return restore.run(targets, new PointInTimeRestore.Request(request.source(), request.newName(),
                    request.at(), request.force(), archivedUpTo(config, request.source())));
        } catch (InterruptedException e) {
            throw context.cancellation().asException();
        } catch (RestoreEnvironmentException e) {
            throw new PreflightException("restore could not run: " + e.getMessage());
        }
    }

    /**
     * Restores what {@code request} asks for from one target.
     *
     * @param choice the target {@code --target} names; else the first, or, when it lacks a set that
     *               the chain of an increment needs, the first target that holds the whole chain
     * @return the report; when a component is not intact it says so and nothing was restored
     * @throws BackstopException the request cannot be carried out as asked ({@code ConfigException};
     *                           nothing written), the target holds no such backup
     *                           ({@code TargetException}), or a signal stopped it
     *                           ({@code InterruptedRunException})
     */
    public RestoreReport execute(TargetChoice choice, RestoreRequest request) throws BackstopException, IOException {
        BackstopConfig config = context.config();
        Path scratch = StateDirectory.privateDir(config.stateDir().resolve("restore"));
        Map<String, DatabaseServer> servers = DatabaseServers.of(config, scratch);
        return restore(choice, request, name -> Optional.ofNullable(servers.get(name)));
    }

    /** What {@link #executeOnDisposable} did, and what a person needs to use the servers it left running. */
    public record OnDisposable(RestoreReport report, List<String> servers) {
    }

    /**
     * Restores like {@link #execute}, but loads the dumps into disposable servers started from
     * this machine's binaries (in {@code state_dir/inspect-server/<type>}), which are left
     * running when the restore succeeds and stopped and removed when it fails.
     *
     * @param socket where the server's socket goes ({@code --socket}), or null for its directory
     * @throws BackstopException as {@link #execute}; also {@code ConfigException} when a server of an
     *                           earlier such restore still runs, and {@code PreflightException} when
     *                           this machine cannot run one (the message names what is missing)
     */
    public OnDisposable executeOnDisposable(TargetChoice choice, RestoreRequest request, Path socket)
            throws BackstopException, IOException {
        BackstopConfig config = context.config();
        StateDirectory.privateDir(config.stateDir());
        InspectionServers inspection = new InspectionServers(config, config.stateDir().resolve("inspect-server"),
                socket, context.log());
        inspection.prepare(request.databases().keySet(), socket != null);
        boolean keep = false;
        try {
            RestoreReport report = restore(choice, request, inspection::forSource);
            keep = report.ok();
            return new OnDisposable(report, keep ? inspection.howTo(request.databases()) : List.of());
        } finally {
            if (!keep) {
                try {
                    inspection.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private RestoreReport restore(TargetChoice choice, RestoreRequest request,
                                  Function<String, Optional<DatabaseServer>> servers)
            throws BackstopException, IOException {
        BackstopConfig config = context.config();
        StateDirectory.privateDir(config.stateDir());
        // without --target: the first, or for a chain it lacks a set of, the first that holds the whole chain
        List<Target> targets = choice.from(context.targets());
        Path scratch = StateDirectory.privateDir(config.stateDir().resolve("restore"));
        Restore restore = new Restore(config.host(), scratch, servers, context.clock(), context.log(),
                context.progress(), DecryptionKeys.of(config));
        try {
            return restore.run(targets, request);
        } catch (InterruptedException e) {
            throw context.cancellation().asException();
        } catch (RestoreEnvironmentException e) {
            throw new PreflightException("restore could not run: " + e.getMessage());
        } catch (NoSuchElementException e) {
            // a dump to load into a source that has no database server
            throw new ConfigException(e.getMessage());
        }
    }

    /** How far this host's archiver of {@code source} recorded it got (caught-up); null when it did not. */
    private static Instant archivedUpTo(BackstopConfig config, String source) {
        try {
            return LogArchiver.caughtUp(LogArchiver.workDir(config.stateDir(), source)).orElse(null);
        } catch (IOException e) {
            return null; // the restore then says that it cannot tell
        }
    }
}
