package dev.backstop.source.mysql;

import dev.backstop.core.SourceFacts.BinlogPosition;
import dev.backstop.source.DumpScanner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a mysqldump/mariadb-dump SQL stream as it passes by, in bounded memory: the server
 * version header, the rows of every extended INSERT per table (tuples are counted by parentheses
 * outside quoted strings, so no statement is ever held whole), the tables created, and whether
 * the {@code -- Dump completed} trailer is the last thing in the stream, and the binary-log file,
 * position and GTID that {@code --master-data=2} / {@code --source-data=2} and {@code --gtid} write
 * as comments in the header. Not thread-safe.
 */
final class MysqlDumpScanner implements DumpScanner {

    private static final int HEAD_MAX = 1024;
    private static final byte[] INSERT = "INSERT INTO ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] VALUES = "VALUES".getBytes(StandardCharsets.US_ASCII);

    private static final Pattern LOG_FILE = Pattern.compile(
            "-- CHANGE (?:MASTER|REPLICATION SOURCE) TO (?:MASTER|SOURCE)_LOG_FILE='([^']+)', (?:MASTER|SOURCE)_LOG_POS=(\\d+);");
    private static final Pattern GTID = Pattern.compile("-- SET GLOBAL gtid_slave_pos='([^']*)';");

    private enum Mode { LINE, INSERT_NAME, INSERT_PREFIX, INSERT_VALUES }

    private final SortedMap<String, Long> rows = new TreeMap<>();
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final ByteArrayOutputStream name = new ByteArrayOutputStream();
    private Mode mode = Mode.LINE;
    private String serverVersion;
    private boolean trailerSeen;
    private boolean inRoutine;
    private String binlogFile;
    private long binlogOffset;
    private String gtid;
    // INSERT state
    private boolean nameQuoteOpen;
    private boolean pendingBacktick;
    private boolean inBackticks;
    private int valuesMatched;
    private int depth;
    private byte quote;
    private boolean escape;
    private String table;
    private long tuples;

    @Override
    public void feed(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            switch (mode) {
                case LINE -> line(b);
                case INSERT_NAME -> insertName(b);
                case INSERT_PREFIX -> insertPrefix(b);
                case INSERT_VALUES -> insertValues(b);
            }
        }
    }

    /** Call once at end of stream: a last line without a newline still counts. */
    @Override
    public void finish() {
        if (mode == Mode.LINE && head.size() > 0) {
            endLine();
        }
    }

    @Override
    public String serverVersion() {
        return serverVersion;
    }

    @Override
    public boolean trailerSeen() {
        return trailerSeen && mode == Mode.LINE;
    }

    @Override
    public SortedMap<String, Long> tableRows() {
        return new TreeMap<>(rows);
    }

    /** Where the binary log stood at the dump's snapshot, as its header says; null when it says nothing. */
    BinlogPosition binlogPosition() {
        return binlogFile == null ? null : new BinlogPosition(binlogFile, binlogOffset, gtid);
    }

    private void line(byte b) {
        if (b == '\n') {
            endLine();
            return;
        }
        if (head.size() < HEAD_MAX) {
            head.write(b);
        }
        if (!inRoutine && head.size() == INSERT.length && startsWith(INSERT)) {
            // Data, not a comment: whatever came before was not the end.
            trailerSeen = false;
            head.reset();
            name.reset();
            nameQuoteOpen = false;
            pendingBacktick = false;
            mode = Mode.INSERT_NAME;
        }
    }

    private void endLine() {
        String text = head.toString(StandardCharsets.UTF_8);
        head.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.startsWith("-- Dump completed")) {
            trailerSeen = true;
            return;
        }
        if (!text.isBlank()) {
            trailerSeen = false;
        }
        if (text.startsWith("-- Server version\t") && serverVersion == null) {
            serverVersion = text.substring("-- Server version\t".length()).strip();
        } else if (text.startsWith("-- ") && !inRoutine) {
            binlogComment(text);
        } else if (text.startsWith("DELIMITER ")) {
            // Routines, triggers and events are written between "DELIMITER ;;" and "DELIMITER ;":
            // an INSERT inside their bodies is code, not data.
            inRoutine = !text.strip().equals("DELIMITER ;");
        } else if (!inRoutine && text.startsWith("CREATE TABLE `")) {
            String created = backtickName(text.substring("CREATE TABLE ".length()));
            if (created != null) {
                rows.putIfAbsent(created, 0L);
            }
        }
    }

    // the header's first of each; a routine's body may hold look-alike comments, but comes later
    private void binlogComment(String text) {
        Matcher file = LOG_FILE.matcher(text);
        if (binlogFile == null && file.matches()) {
            binlogFile = file.group(1);
            binlogOffset = Long.parseLong(file.group(2));
        }
        Matcher slavePos = GTID.matcher(text);
        if (gtid == null && slavePos.matches()) {
            gtid = slavePos.group(1);
        }
    }

    private void insertName(byte b) {
        if (!nameQuoteOpen) {
            if (b == '`') {
                nameQuoteOpen = true;
            } else {
                finishName(); // an unquoted name: not mysqldump's, count nothing
                mode = Mode.INSERT_PREFIX;
            }
            return;
        }
        if (pendingBacktick) {
            pendingBacktick = false;
            if (b == '`') {
                name.write(b); // a doubled backtick is one backtick of the name
                return;
            }
            finishName();
            mode = Mode.INSERT_PREFIX;
            insertPrefix(b);
            return;
        }
        if (b == '`') {
            pendingBacktick = true;
        } else if (name.size() < HEAD_MAX) {
            name.write(b);
        }
    }

    private void finishName() {
        table = name.size() > 0 ? name.toString(StandardCharsets.UTF_8) : null;
        inBackticks = false;
        valuesMatched = 0;
    }

    private void insertPrefix(byte b) {
        if (b == '`') {
            inBackticks = !inBackticks;
            valuesMatched = 0;
            return;
        }
        if (inBackticks) {
            return;
        }
        valuesMatched = b == VALUES[valuesMatched] ? valuesMatched + 1 : (b == VALUES[0] ? 1 : 0);
        if (valuesMatched == VALUES.length) {
            depth = 0;
            quote = 0;
            escape = false;
            tuples = 0;
            mode = Mode.INSERT_VALUES;
        } else if (b == ';') {
            mode = Mode.LINE;
        }
    }

    private void insertValues(byte b) {
        if (quote != 0) {
            if (escape) {
                escape = false;
            } else if (b == '\\') {
                escape = true;
            } else if (b == quote) {
                quote = 0; // a doubled quote reopens at once, which changes nothing
            }
            return;
        }
        switch (b) {
            case '\'', '"' -> quote = b;
            case '(' -> {
                if (depth++ == 0) {
                    tuples++;
                }
            }
            case ')' -> depth--;
            case ';' -> {
                if (depth == 0) {
                    if (table != null) {
                        rows.merge(table, tuples, Long::sum);
                    }
                    mode = Mode.LINE;
                }
            }
            default -> {
            }
        }
    }

    private boolean startsWith(byte[] prefix) {
        byte[] bytes = head.toByteArray();
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The identifier of "`na``me` (" as {@code na`me}, or null when it is not quoted. */
    static String backtickName(String text) {
        if (!text.startsWith("`")) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '`') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '`') {
                    sb.append('`');
                    i++;
                } else {
                    return sb.toString();
                }
            } else {
                sb.append(c);
            }
        }
        return null;
    }
}
