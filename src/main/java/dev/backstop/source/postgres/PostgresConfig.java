package dev.backstop.source.postgres;

import dev.backstop.config.SourceConfig;
import dev.backstop.core.ByteSize;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code type: postgres}: PostgreSQL through pg_dump, plain SQL.
 *
 * @param passfile    a .pgpass file (0600), or null
 * @param passwordEnv environment variable holding the password, or null
 * @param dumpCommand the dump program, or null for pg_dump on PATH
 */
public record PostgresConfig(String name, ByteSize minSize, String database, String host, Integer port, String user,
                             Path passfile, String passwordEnv, String dumpCommand, Duration timeout)
        implements SourceConfig {

    public static final String TYPE = "postgres";

    @Override
    public String type() {
        return TYPE;
    }
}
