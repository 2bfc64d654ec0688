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
        StateDirectory.privateDir(config.stateDir());
        // without --target: the first, or for a chain it lacks a set of, the first that holds the whole chain
        List<Target> targets = choice.from(context.targets());
        Path scratch = StateDirectory.privateDir(config.stateDir().resolve("restore"));
        Map<String, DatabaseServer> servers = DatabaseServers.of(config, scratch);
        Restore restore = new Restore(config.host(), scratch, name -> Optional.ofNullable(servers.get(name)),
                context.clock(), context.log(), context.progress(), DecryptionKeys.of(config));
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
}
