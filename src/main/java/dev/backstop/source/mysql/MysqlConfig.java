package dev.backstop.source.mysql;

import dev.backstop.config.LogArchiveConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.ByteSize;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code type: mysql}: MySQL or MariaDB through mariadb-dump or mysqldump.
 *
 * @param defaultsFile option file with [client] credentials (0600), or null
 * @param passwordEnv  environment variable holding the password, or null
 * @param dumpCommand  the dump program, or null to find mariadb-dump then mysqldump on PATH
 * @param logArchive   the binary-log archive's settings, or null when the logs are not archived
 */
public record MysqlConfig(String name, ByteSize minSize, String database, Path defaultsFile, String host, Integer port,
                          Path socket, String user, String passwordEnv, String dumpCommand, Duration timeout,
                          LogArchiveConfig logArchive)
        implements SourceConfig {

    public static final String TYPE = "mysql";

    /** A source whose binary logs are not archived. */
    public MysqlConfig(String name, ByteSize minSize, String database, Path defaultsFile, String host, Integer port,
                       Path socket, String user, String passwordEnv, String dumpCommand, Duration timeout) {
        this(name, minSize, database, defaultsFile, host, port, socket, user, passwordEnv, dumpCommand, timeout, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
