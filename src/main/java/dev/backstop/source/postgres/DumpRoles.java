package dev.backstop.source.postgres;

import dev.backstop.source.DatabaseServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh server for pg_dump output: a dump's {@code ALTER ... OWNER TO} and {@code GRANT ... TO}
 * name roles that only the source's server has, and the load stops at the first error. Before a
 * dump loads, the roles it names are created (without login or privileges); the rest is the
 * server's.
 */
final class DumpRoles implements DatabaseServer {

    private static final Pattern ROLE = Pattern.compile("(?:OWNER TO|^GRANT .* TO|^REVOKE .* FROM) (\"(?:[^\"]|\"\")+\"|[a-z_][a-z0-9_$]*);$");

    private final DatabaseServer server;
    private final Path scratchDir;

    DumpRoles(DatabaseServer server, Path scratchDir) {
        this.server = server;
        this.scratchDir = scratchDir;
    }

    @Override
    public void load(String database, Path sqlFile) throws IOException, InterruptedException {
        TreeSet<String> roles = new TreeSet<>();
        try (BufferedReader in = Files.newBufferedReader(sqlFile)) {
            for (String line; (line = in.readLine()) != null; ) {
                Matcher m = ROLE.matcher(line);
                if (m.find() && !m.group(1).equals("PUBLIC") && !m.group(1).equals("postgres")) {
                    roles.add(m.group(1));
                }
            }
        }
        if (!roles.isEmpty()) {
            StringBuilder sql = new StringBuilder();
            for (String role : roles) {
                String literal = role.startsWith("\"") ? role : "\"" + role + "\"";
                sql.append("DO $$ BEGIN CREATE ROLE ").append(literal)
                        .append("; EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n");
            }
            Path file = scratchDir.resolve("roles.sql");
            Files.writeString(file, sql);
            try {
                server.load("postgres", file);
            } finally {
                Files.deleteIfExists(file);
            }
        }
        server.load(database, sqlFile);
    }

    @Override
    public String client() throws IOException {
        return server.client();
    }

    @Override
    public List<String> databases(String prefix) throws IOException, InterruptedException {
        return server.databases(prefix);
    }

    @Override
    public boolean exists(String database) throws IOException, InterruptedException {
        return server.exists(database);
    }

    @Override
    public void create(String database) throws IOException, InterruptedException {
        server.create(database);
    }

    @Override
    public void drop(String database) throws IOException, InterruptedException {
        server.drop(database);
    }

    @Override
    public SortedMap<String, Long> countRows(String database) throws IOException, InterruptedException {
        return server.countRows(database);
    }
}
