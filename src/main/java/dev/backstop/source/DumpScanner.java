package dev.backstop.source;

import java.util.SortedMap;

/**
 * Reads a database dump as it streams past, in bounded memory, so that the facts of a dump come
 * from the very bytes that were stored and never from a second query. Not thread-safe: fed from
 * the one thread that copies the tool's output.
 */
public interface DumpScanner {

    /** Sees the next {@code len} bytes of the output, in order. */
    void feed(byte[] buf, int off, int len);

    /** Called once, after the last byte: a last line without a newline still counts. */
    void finish();

    /** The tool's completion trailer ended the output (nothing but trailing comments after it). */
    boolean trailerSeen();

    /** The server version from the dump's header, or null when it had none. */
    String serverVersion();

    /** Rows per table, in the tool's spelling of the table names. */
    SortedMap<String, Long> tableRows();
}
