package dev.backstop.source;

import dev.backstop.exec.RunningProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Streams a database server's own log (MariaDB/MySQL binary logs; PostgreSQL's WAL later) into
 * local files, for the log archiver to cut into segments. The files a stream writes are named as
 * the server names its log files; the first may begin with a resume prefix that is not part of the
 * server's file ({@link #resumePrefix}).
 */
public interface LogStreamer {

    /** A log file of the server and its size now. */
    record LogFile(String name, long size) {
    }

    /**
     * The server's log files, oldest first, with their sizes now.
     *
     * @throws IOException the server could not be asked; the message says why and what to grant
     */
    List<LogFile> logFiles() throws IOException, InterruptedException;

    /**
     * Starts streaming from byte {@code offset} of {@code logFile} into {@code dir}, following every
     * later file, until the process is closed. The calling thread owns the process. The stream does
     * not reconnect by itself: when the server goes away the process ends and the caller starts
     * another from where the files end.
     */
    RunningProcess start(String logFile, long offset, Path dir) throws IOException;

    /**
     * How many bytes at the start of {@code firstFile}, the first file of a stream started at
     * {@code offset}, are not the server's bytes from there on: 0 for a stream from the start of a
     * file; -1 when the file does not hold the whole prefix yet.
     *
     * @throws IOException the file does not start as a log file or its prefix is malformed
     */
    long resumePrefix(Path firstFile, long offset) throws IOException;

    /**
     * The end of the last complete record (event) of {@code file} at or after {@code from}, a
     * record boundary: only there may a segment end, since a stream can only resume there.
     */
    long completeUpTo(Path file, long from) throws IOException;
}
