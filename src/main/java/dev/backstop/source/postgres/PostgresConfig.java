package dev.backstop.source.postgres;

import dev.backstop.config.SourceConfig;
import dev.backstop.core.ByteSize;
import dev.backstop.source.RestoreTestConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code type: postgres}: PostgreSQL through pg_dump, plain SQL.
 *
 * @param passfile    a .pgpass file (0600), or null
 * @param passwordEnv environment variable holding the password, or null
 * @param dumpCommand the dump program, or null for pg_dump on PATH
 * @param restoreTest where restore tests run, and the account of restores into this server
 */
public record PostgresConfig(String name, ByteSize minSize, String database, String host, Integer port, String user,
                             Path passfile, String passwordEnv, String dumpCommand, Duration timeout,
                             RestoreTestConfig restoreTest)
        implements SourceConfig {

    /** A source whose restore tests run on a disposable server, and whose restores use its own account. */
    public PostgresConfig(String name, ByteSize minSize, String database, String host, Integer port, String user,
                          Path passfile, String passwordEnv, String dumpCommand, Duration timeout) {
        this(name, minSize, database, host, port, user, passfile, passwordEnv, dumpCommand, timeout,
                RestoreTestConfig.DEFAULT);
    }

    /** This source with the {@code restore_test} account's passfile and password where set. */
    public PostgresConfig restoreAccount() {
        if (!restoreTest.ownAccount()) {
            return this;
        }
        return new PostgresConfig(name, minSize, database, host, port, user, restoreTest.defaultsFile(),
                restoreTest.passwordEnv(), dumpCommand, timeout, restoreTest);
    }

    public static final String TYPE = "postgres";

    @Override
    public String type() {
        return TYPE;
    }
}
