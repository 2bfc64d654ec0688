package dev.backstop.source.mysql;

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
 */
public record MysqlConfig(String name, ByteSize minSize, String database, Path defaultsFile, String host, Integer port,
                          Path socket, String user, String passwordEnv, String dumpCommand, Duration timeout)
        implements SourceConfig {

    public static final String TYPE = "mysql";

    @Override
    public String type() {
        return TYPE;
    }
}
