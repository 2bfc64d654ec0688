package dev.backstop.source;

import dev.backstop.config.LogArchiveConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.config.SourceSchema;
import dev.backstop.core.Findings;
import dev.backstop.exec.ProcessRunner;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything backstop knows about one kind of source, in one place: its {@code type:} word, how
 * its configuration is read and printed ({@link SourceSchema}), how it is created, and how its
 * components are restored and checked. The registry lists every kind once; the workflows ask the
 * kind of a component and never switch on its type word, so a kind cannot pass a restore test it
 * never ran.
 */
public interface SourceKind extends SourceSchema {

    /** A source for a configuration this kind read; nothing runs yet. */
    Source create(SourceConfig config, ProcessRunner runner);

    /**
     * The checks of a run that need no network and change nothing, for {@code config check}:
     * those of {@link Source#preflight} (tools on PATH, credential files present and private,
     * password variables set) and those a dump makes before it reads anything (configured paths
     * exist). Every problem is added to {@code findings} as an error with the message the run
     * gives for it, not only the first; what only restore tests and restores need is a warning.
     * Idempotent; never connects to a server and never writes.
     */
    void check(SourceConfig config, Findings findings);

    /**
     * The checks of {@code config check --connect} that reach the source's server, made after
     * {@link #check} found nothing: log in with the configured credentials as the dump will (and,
     * where the dump checks grants first, check them). Each problem is added to {@code findings}
     * with the message the dump gives. Changes nothing on the server. Default: nothing to reach.
     *
     * @param scratchDir a private directory for the client's credentials and SQL files
     */
    default void checkConnection(SourceConfig config, ProcessRunner runner, Path scratchDir, Findings findings) {
    }

    /** How this kind's components are restored, for restore tests and for restores. */
    ComponentRestorer restorer();

    /**
     * The database server a configuration of this kind dumps from, for restores into it; empty
     * for a kind that is not a database server.
     *
     * @param scratchDir a private directory for the client's option and SQL files
     */
    default Optional<DatabaseServer> server(SourceConfig config, ProcessRunner runner, Path scratchDir) {
        return Optional.empty();
    }

    /**
     * A throwaway server of this kind's family, to be started in {@code dir} (which it owns and
     * removes), for restore tests that must not touch the source's server; empty for a kind
     * without one, or a configuration that tests on its own server ({@link #server}).
     */
    default Optional<DisposableServer> disposableServer(SourceConfig config, Path dir, ProcessRunner runner) {
        return Optional.empty();
    }

    /** The log archive's settings of a configuration of this kind, or empty when its logs are not archived. */
    default Optional<LogArchiveConfig> logArchive(SourceConfig config) {
        return Optional.empty();
    }

    /** The streamer of the server's logs for {@code backstop archive-logs}; empty when not archived. */
    default Optional<LogStreamer> logStreamer(SourceConfig config, ProcessRunner runner) {
        return Optional.empty();
    }

    /** The replayer of the archived logs on top of a dump, for {@code restore --at} and the chain test; empty when not archived. */
    default Optional<LogReplayer> logReplayer(SourceConfig config, ProcessRunner runner) {
        return Optional.empty();
    }
}
