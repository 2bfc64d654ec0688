package dev.backstop.source.mysql;

import dev.backstop.core.PreflightException;
import dev.backstop.exec.ProcessResult;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.exec.RunningProcess;
import dev.backstop.source.LogStreamer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams binary logs with {@code mariadb-binlog}/{@code mysqlbinlog --read-from-remote-server
 * --raw --stop-never} under the replication account of {@code log_archive.defaults_file}, which
 * carries user, password, host and port: no credential ever reaches the command line.
 */
public final class BinlogStreamer implements LogStreamer {

    static final List<String> BINLOG_TOOLS = List.of("mariadb-binlog", "mysqlbinlog");
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(30);

    private final String source;
    private final Path defaultsFile;
    private final ProcessRunner runner;

    public BinlogStreamer(String source, Path defaultsFile, ProcessRunner runner) {
        this.source = source;
        this.defaultsFile = defaultsFile.toAbsolutePath();
        this.runner = runner;
    }

    @Override
    public List<LogFile> logFiles() throws IOException, InterruptedException {
        Path client = tool(MysqlClient.CLIENTS);
        ProcessSpec spec = ProcessSpec.of(client.toString(), "--defaults-extra-file=" + defaultsFile,
                "--batch", "--skip-column-names", "-e", "SHOW BINARY LOGS").withTimeout(QUERY_TIMEOUT);
        String out;
        ProcessResult result;
        try (RunningProcess p = runner.start(spec)) {
            out = new String(p.stdout().readAllBytes(), StandardCharsets.UTF_8);
            result = p.waitFor();
        }
        if (result.exitCode() != 0 || result.timedOut()) {
            throw new IOException("source " + source + ": log_archive: SHOW BINARY LOGS failed ("
                    + result.stderrTail().strip() + "); " + hint(result.stderrTail(), defaultsFile));
        }
        List<LogFile> files = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] fields = line.split("\t");
            if (fields.length >= 2) {
                files.add(new LogFile(fields[0], Long.parseLong(fields[1].trim())));
            }
        }
        return files;
    }

    /**
     * What to check after {@code SHOW BINARY LOGS} failed with {@code stderr}: a server that does not
     * answer (client errors 2002, 2003, 2006, 2013) is down or restarting, which no GRANT mends.
     */
    static String hint(String stderr, Path defaultsFile) {
        if (stderr.matches("(?s).*ERROR 20(02|03|06|13)\\b.*")) {
            return "the server does not answer (stopped or restarting?): check that it runs and that host and port"
                    + " (or socket) in " + defaultsFile + " reach it";
        }
        return "the server needs log_bin on, and the account of " + defaultsFile
                + " needs REPLICATION SLAVE and BINLOG MONITOR (MySQL: REPLICATION CLIENT)";
    }

    @Override
    public RunningProcess start(String logFile, long offset, Path dir) throws IOException {
        List<String> argv = new ArrayList<>(List.of(tool(BINLOG_TOOLS).toString(), "--defaults-extra-file=" + defaultsFile,
                "--read-from-remote-server", "--raw", "--stop-never", "--result-file=" + dir.toAbsolutePath() + "/"));
        if (offset > 0) {
            argv.add("--start-position=" + offset);
        }
        argv.add(logFile);
        return runner.start(ProcessSpec.of(argv));
    }

    @Override
    public long resumePrefix(Path firstFile, long offset) throws IOException {
        return offset > 0 ? BinlogEvents.resumePrefix(firstFile) : 0;
    }

    @Override
    public long completeUpTo(Path file, long from) throws IOException {
        return BinlogEvents.completeUpTo(file, from);
    }

    private Path tool(List<String> candidates) throws IOException {
        try {
            return ProcessRunner.requireOnPath(candidates, "source " + source + ": log_archive: ",
                    "; install the MariaDB or MySQL client");
        } catch (PreflightException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
