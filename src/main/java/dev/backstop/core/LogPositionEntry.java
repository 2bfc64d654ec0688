package dev.backstop.core;

import java.time.Instant;

/**
 * A source that a run did not dump, since its binary logs are archived and its newest dump is
 * younger than {@code full_dump_every}: the set records where the server's binary log stood
 * instead. The source as of {@code binlog} is the dump of set {@code dump} with the archived logs
 * replayed up to {@code binlog}; this set holds no file of it.
 *
 * @param name   source name from the configuration
 * @param type   source type (mysql)
 * @param binlog where the binary log stood when the run read it (file, position, GTID)
 * @param readAt when the run read it
 * @param dump   the backup id of the set that holds the newest dump of the source, which this
 *               position builds on
 * @param reason why no dump was taken, for the reader of the manifest
 */
public record LogPositionEntry(String name, String type, SourceFacts.BinlogPosition binlog, Instant readAt,
                               String dump, String reason) {

    /** {@code bin.000042:1086}. */
    public String describe() {
        return binlog.file() + ":" + binlog.position();
    }
}
