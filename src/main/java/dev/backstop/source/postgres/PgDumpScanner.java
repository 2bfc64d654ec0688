package dev.backstop.source.postgres;

import dev.backstop.source.DumpScanner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads pg_dump's plain SQL as it passes by, line by line but keeping only the first bytes of
 * each line: the {@code -- Dumped from database version} header, the data lines of every
 * {@code COPY schema.table (...) FROM stdin;} block up to its {@code \.}, and whether
 * {@code -- PostgreSQL database dump complete} is followed by nothing but comments, blank lines
 * and psql's unrestrict meta-command. Tables are named as pg_dump writes them ({@code public."Order"}).
 * Not thread-safe.
 */
final class PgDumpScanner implements DumpScanner {

    private static final int HEAD_MAX = 4096;
    private static final String VERSION = "-- Dumped from database version ";
    private static final String TRAILER = "-- PostgreSQL database dump complete";

    private final SortedMap<String, Long> rows = new TreeMap<>();
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private boolean headCut;
    private String serverVersion;
    private boolean trailerSeen;
    private String copyTable;
    private long copyRows;

    @Override
    public void feed(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (b == '\n') {
                endLine();
            } else if (head.size() < HEAD_MAX) {
                head.write(b);
            } else {
                headCut = true;
            }
        }
    }

    /** Call once at end of stream: a last line without a newline still counts. */
    @Override
    public void finish() {
        if (head.size() > 0) {
            endLine();
        }
    }

    @Override
    public String serverVersion() {
        return serverVersion;
    }

    /** The trailer arrived, and no COPY block was left open. */
    @Override
    public boolean trailerSeen() {
        return trailerSeen && copyTable == null;
    }

    @Override
    public SortedMap<String, Long> tableRows() {
        return new TreeMap<>(rows);
    }

    private void endLine() {
        boolean cut = headCut;
        String line = head.toString(StandardCharsets.UTF_8);
        head.reset();
        headCut = false;
        if (copyTable != null) {
            if (!cut && line.equals("\\.")) {
                rows.merge(copyTable, copyRows, Long::sum);
                copyTable = null;
            } else {
                copyRows++; // COPY text format escapes newlines in data: one line, one row
            }
            return;
        }
        if (line.startsWith(TRAILER)) {
            trailerSeen = true;
            return;
        }
        if (!line.isBlank() && !line.startsWith("--") && !line.startsWith("\\unrestrict ")) {
            trailerSeen = false;
        }
        if (serverVersion == null && line.startsWith(VERSION)) {
            serverVersion = line.substring(VERSION.length()).strip();
        } else if (line.startsWith("COPY ") && (cut || line.endsWith(" FROM stdin;"))) {
            copyTable = tableName(line.substring("COPY ".length()));
            copyRows = 0;
        }
    }

    /** The qualified name at the start of {@code text}, up to the first space outside double quotes. */
    static String tableName(String text) {
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted; // a doubled quote toggles twice: still inside
            } else if (c == ' ' && !quoted) {
                return text.substring(0, i);
            }
        }
        return text;
    }
}
