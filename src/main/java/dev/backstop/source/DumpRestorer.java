package dev.backstop.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;

/**
 * Restores a plain SQL dump (mysql, postgres) with the server's own client: the restore test
 * loads it into a scratch database and counts every table's rows; a restore loads it into the
 * database the administrator named, or writes the SQL file when none was named.
 */
public final class DumpRestorer implements ComponentRestorer {

    @Override
    public Restored test(StoredComponent component, RestoreScratch scratch) throws IOException, InterruptedException {
        DatabaseServer server = scratch.server();
        String database = scratch.database();
        Path sql = scratch.directory().resolve(component.name() + ".sql");
        long raw = component.decompressTo(sql);
        Files.delete(component.file()); // the scratch space holds one copy at a time
        server.requireCanLoad(sql);
        try {
            server.create(database);
        } catch (IOException e) {
            throw refused(server, database, e);
        }
        try (LoadProgress load = LoadProgress.watch(scratch.progress(), "load " + component.name(), sql)) {
            server.load(database, sql);
        }
        SortedMap<String, Long> rows = server.countRows(database);
        Files.delete(sql);
        return new Restored("loaded into scratch database " + database, raw, rows, null, null);
    }

    @Override
    public String restore(StoredComponent component, RestoreDestination destination)
            throws IOException, InterruptedException {
        String name = component.name();
        String database = destination.database();
        if (database == null) {
            Path sql = destination.directory().resolve(name + ".sql");
            component.decompressTo(sql);
            return name + ": SQL written to " + sql + " (no --database " + name + "=NEWNAME given)";
        }
        DatabaseServer server = destination.server();
        Path sql = destination.scratch().resolve(name + ".sql");
        component.decompressTo(sql);
        try {
            if (destination.replace()) {
                server.drop(database);
            }
            server.create(database);
        } catch (IOException e) {
            throw refused(server, database, e);
        }
        try (LoadProgress load = LoadProgress.watch(destination.progress(), "load " + name + " into " + database, sql)) {
            server.load(database, sql);
        }
        long rows = server.countRows(database).values().stream().mapToLong(Long::longValue).sum();
        return name + ": loaded into database " + database + " (" + rows + " rows)";
    }

    @Override
    public boolean loadsIntoDatabase() {
        return true;
    }

    /** A create the server refused for lack of a privilege is a problem of the account, not of the backup. */
    private static IOException refused(DatabaseServer server, String database, IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Access denied") || message.toLowerCase(java.util.Locale.ROOT).contains("permission denied")) {
            return new RestoreEnvironmentException("the server refused to create database " + database
                    + " for this account; nothing was written. Fix: " + server.createPrivilegeHint(database)
                    + ". The server said: " + message, e);
        }
        return e;
    }
}
