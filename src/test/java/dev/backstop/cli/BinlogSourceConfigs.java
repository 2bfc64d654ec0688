package dev.backstop.cli;

import dev.backstop.source.mysql.BinlogServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The configuration the log-archive tests share: one mysql source of a binlog server, archived to a local target. */
final class BinlogSourceConfigs {

    private BinlogSourceConfigs() {
    }

    /**
     * Writes {@code dir/backstop.yml}: source appdb (database {@code database}) with {@code log_archive}
     * cut every second, target local below {@code dir/backups}.
     *
     * @param targetKeys more keys of the target, each led by ", " ({@code ", retention: {keep_last: 1}"})
     * @param extra      more top-level sections ({@code encryption:}), or ""
     */
    static Path write(Path dir, BinlogServer server, String database, String targetKeys, String extra)
            throws IOException {
        return Files.writeString(dir.resolve("backstop.yml"), """
                host: web1
                state_dir: %s
                sources:
                  - name: appdb
                    type: mysql
                    database: %s
                    socket: %s
                    log_archive:
                      defaults_file: %s
                      segment_max_age: 1s
                targets:
                  - {name: local, type: local, path: %s%s}
                """.formatted(dir.resolve("state"), database, server.socket(), server.replicationCnf(),
                dir.resolve("backups"), targetKeys) + extra);
    }
}
