package dev.backstop.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A throwaway database server of one family, started from this machine's server binaries in a
 * scratch directory of its own (no TCP port, its own socket and pid file), for restore tests and
 * inspection restores that must not touch the production server. Lifecycle: {@link #start},
 * load and count through the returned {@link DatabaseServer}, {@link #close} stops it and
 * deletes its directory. A server left by a killed process is found by its pid file.
 */
public interface DisposableServer extends AutoCloseable {

    /**
     * Stops a server that a killed earlier process left in this server's directory and deletes the
     * directory.
     *
     * @return a line saying what was removed, or empty when nothing was left
     */
    Optional<String> removeLeftover() throws IOException, InterruptedException;

    /**
     * Removes a leftover, creates a fresh data directory and starts the server.
     *
     * @return the running server, reached as its administrator over its socket
     * @throws RestoreEnvironmentException this machine cannot run one (binaries, user, space); the message says what to do
     */
    DatabaseServer start() throws IOException, InterruptedException;

    /** The server's version as its binary reports it, once started; for the report. */
    String version();

    /**
     * Refuses, before anything is loaded, a dump made by a newer major version than this server.
     *
     * @throws RestoreEnvironmentException the dump's header names a newer major version; the message says so
     */
    void requireCanLoad(Path sqlFile) throws IOException;

    /**
     * Makes this server, before {@link #start}, one that a person inspects after backstop has
     * exited: its socket at {@code socket} (a MariaDB socket file; PostgreSQL's socket directory),
     * or in its directory when null, and its log in its directory rather than backstop's pipes.
     * It is stopped by {@link #close} or by hand ({@link #pidFile}).
     */
    void prepareForInspection(Path socket);

    /** The directory that holds the server's data, log and pid file, removed by {@link #close}. */
    Path directory();

    /** The file that holds the running server's pid (its first line), for stopping it by hand. */
    Path pidFile();

    /** The command line that connects a person to {@code database} on the running server, as its administrator. */
    String connectCommand(String database);

    /** Stops the server (if started) and deletes its directory. Idempotent. */
    @Override
    void close() throws IOException, InterruptedException;
}
