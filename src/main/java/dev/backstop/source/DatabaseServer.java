package dev.backstop.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

/**
 * The server a database source dumps from, seen from the restore side: create a database, load a
 * plain SQL dump into it, count its rows, drop it. Used by {@code restore-test} (scratch
 * databases) and {@code restore}. Credentials reach the client tool exactly as they reach the
 * dump tool (an option file or a PGPASSFILE, never the argument list).
 *
 * <p>Every method throws IOException with a message that names the server's database, the
 * client command (secrets masked) and the tail of its stderr; InterruptedException when the
 * calling thread is interrupted, after the client has been killed.
 */
public interface DatabaseServer {

    /** The client program's name as found on PATH, for messages. */
    String client() throws IOException;

    /** Names of the databases whose name starts with {@code prefix} (letters, digits, _), sorted. */
    List<String> databases(String prefix) throws IOException, InterruptedException;

    /** Whether a database of this name exists. */
    boolean exists(String database) throws IOException, InterruptedException;

    /** Creates an empty database; fails when it exists. */
    void create(String database) throws IOException, InterruptedException;

    /** Drops a database and everything in it. Idempotent: an absent database is fine. */
    void drop(String database) throws IOException, InterruptedException;

    /** Runs a plain SQL file in the database, stopping at the first error. */
    void load(String database, Path sqlFile) throws IOException, InterruptedException;

    /**
     * Writes a plain SQL dump of the database, without {@code CREATE DATABASE}, into
     * {@code sqlFile}, so that {@link #load} restores it under any name: how a database replayed on
     * a disposable server is copied to its new name. Default: this family cannot.
     */
    default void dump(String database, Path sqlFile) throws IOException, InterruptedException {
        throw new IOException("this server cannot dump database " + database + " for a copy");
    }

    /**
     * Rows per table of the database, counted with {@code SELECT COUNT(*)}, keyed as the source's
     * dump scanner keys the manifest's {@code table_rows}.
     */
    SortedMap<String, Long> countRows(String database) throws IOException, InterruptedException;

    /**
     * What an administrator does so that the account may create {@code database}, for the
     * message of a create the server refused; the family names its GRANT.
     */
    default String createPrivilegeHint(String database) {
        return "give the account the right to create the database " + database;
    }

    /**
     * Refuses a dump this server cannot load for a reason of the environment (a disposable server
     * older than the dump's major version) before anything is created. Default: any dump.
     */
    default void requireCanLoad(Path sqlFile) throws IOException, InterruptedException {
    }
}
