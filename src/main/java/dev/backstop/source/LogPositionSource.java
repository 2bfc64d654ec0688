package dev.backstop.source;

import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import java.nio.file.Path;

/**
 * A source whose server writes a binary log that is archived: a run may record where that log
 * stands instead of dumping the source, when its newest dump and the archived logs after it
 * already hold everything up to there.
 */
public interface LogPositionSource extends Source {

    /**
     * Where the server's binary log stands now: every transaction committed so far lies before it.
     * Reads only; idempotent.
     *
     * @param scratchDir a private directory for option files of the client, emptied by the caller
     * @throws SourceException the server could not be asked, or writes no binary log; the message says why
     */
    SourceFacts.BinlogPosition currentLogPosition(Path scratchDir) throws SourceException, InterruptedException;
}
