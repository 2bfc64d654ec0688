package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.core.BackstopException;
import dev.backstop.core.ConfigException;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.RestoreEnvironmentException;
import dev.backstop.core.PreflightException;
import dev.backstop.target.Target;
import dev.backstop.verify.Restore;
import dev.backstop.verify.RestoreReport;
import dev.backstop.verify.RestoreRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;

/**
 * One {@code restore} for disaster recovery, in order: choose the target, then restore the
 * requested components of one backup ({@link Restore}). It takes no lock, records nothing in
 * history and notifies nobody: a person runs it and reads its result.
 */
public final class RestoreRun {

    private final WorkflowContext context;

    public RestoreRun(WorkflowContext context) {
        this.context = context;
    }

    /**
     * Restores what {@code request} asks for from one target.
     *
     * @param choice the target {@code --target} names, or the first
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
        Target target = choice.first(context.targets());
        Path scratch = StateDirectory.privateDir(config.stateDir().resolve("restore"));
        Restore restore = new Restore(config.host(), scratch, servers, context.clock(), context.log(),
                context.progress(), DecryptionKeys.of(config));
        try {
            return restore.run(target, request);
        } catch (InterruptedException e) {
            throw context.cancellation().asException();
        } catch (RestoreEnvironmentException e) {
            throw new PreflightException("restore could not run: " + e.getMessage());
        } catch (NoSuchElementException e) {
            // a dump to load into a source that has no database server
            throw new ConfigException(e.getMessage());
        }
    }
}
