package dev.backstop.config;

import dev.backstop.core.ByteSize;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One entry of {@code sources:}. Every type has a name and a minimum size. */
public sealed interface SourceConfig {

    String name();

    /** The configuration's {@code type:} word. */
    String type();

    /** A component smaller than this (compressed) fails the run; 1 byte when not set. */
    ByteSize minSize();

    /**
     * {@code type: mysql}: MySQL or MariaDB through mariadb-dump or mysqldump.
     *
     * @param defaultsFile option file with [client] credentials (0600), or null
     * @param passwordEnv  environment variable holding the password, or null
     * @param dumpCommand  the dump program, or null to find mariadb-dump then mysqldump on PATH
     */
    record Mysql(String name, ByteSize minSize, String database, Path defaultsFile, String host, Integer port,
                 Path socket, String user, String passwordEnv, String dumpCommand, Duration timeout)
            implements SourceConfig {
        public String type() {
            return "mysql";
        }
    }

    /**
     * {@code type: postgres}: PostgreSQL through pg_dump, plain SQL.
     *
     * @param passfile    a .pgpass file (0600), or null
     * @param passwordEnv environment variable holding the password, or null
     * @param dumpCommand the dump program, or null for pg_dump on PATH
     */
    record Postgres(String name, ByteSize minSize, String database, String host, Integer port, String user,
                    Path passfile, String passwordEnv, String dumpCommand, Duration timeout)
            implements SourceConfig {
        public String type() {
            return "postgres";
        }
    }

    /** {@code type: sqlite}: an online copy of a SQLite database file. */
    record Sqlite(String name, ByteSize minSize, Path path) implements SourceConfig {
        public String type() {
            return "sqlite";
        }
    }

    /**
     * {@code type: files}: a tar archive of paths.
     *
     * @param exclude glob patterns, matched against the path relative to each entry of paths
     */
    record Files(String name, ByteSize minSize, List<Path> paths, List<String> exclude) implements SourceConfig {
        public Files {
            paths = List.copyOf(paths);
            exclude = List.copyOf(exclude);
        }

        public String type() {
            return "files";
        }
    }

    /** {@code type: command}: the standard output of a command, run without a shell. */
    record Command(String name, ByteSize minSize, List<String> command, Duration timeout) implements SourceConfig {
        public Command {
            command = List.copyOf(command);
        }

        public String type() {
            return "command";
        }
    }
}
