package dev.backstop.source.mysql;

import dev.backstop.config.LogArchiveConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.ByteSize;
import dev.backstop.source.RestoreTestConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code type: mysql}: MySQL or MariaDB through mariadb-dump or mysqldump.
 *
 * @param defaultsFile option file with [client] credentials (0600), or null
 * @param passwordEnv  environment variable holding the password, or null
 * @param dumpCommand  the dump program, or null to find mariadb-dump then mysqldump on PATH
 * @param restoreTest  where restore tests run, and the account of restores into this server
 * @param logArchive   the binary-log archive's settings, or null when the logs are not archived
 */
public record MysqlConfig(String name, ByteSize minSize, String database, Path defaultsFile, String host, Integer port,
                          Path socket, String user, String passwordEnv, String dumpCommand, Duration timeout,
                          RestoreTestConfig restoreTest, LogArchiveConfig logArchive)
        implements SourceConfig {

    /** A source whose restore tests run on a disposable server, whose restores use its own account, and whose logs are not archived. */
    public MysqlConfig(String name, ByteSize minSize, String database, Path defaultsFile, String host, Integer port,
                       Path socket, String user, String passwordEnv, String dumpCommand, Duration timeout) {
        this(name, minSize, database, defaultsFile, host, port, socket, user, passwordEnv, dumpCommand, timeout,
                RestoreTestConfig.DEFAULT, null);
    }

    /**
     * This source as the account of restores into its server sees it: the {@code restore_test}
     * account where one is set, else the source's own.
     */
    public MysqlConfig restoreAccount() {
        if (!restoreTest.ownAccount()) {
            return this;
        }
        return new MysqlConfig(name, minSize, database, restoreTest.defaultsFile(), host, port, socket,
                restoreTest.defaultsFile() != null && restoreTest.passwordEnv() == null ? null : user,
                restoreTest.passwordEnv(), dumpCommand, timeout, restoreTest, logArchive);
    }

    public static final String TYPE = "mysql";

    @Override
    public String type() {
        return TYPE;
    }
}
