package dev.backstop.source.mysql;

import dev.backstop.core.PreflightException;
import dev.backstop.exec.ProcessResult;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.exec.RunningProcess;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.LogReplayer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays rebuilt binary logs with {@code mariadb-binlog} (else {@code mysqlbinlog}) into the
 * source's database on a server that holds the dump: {@code --start-position} (the dump's) applies
 * to the first file, {@code --stop-position} (found by {@link BinlogTimeline}, exact to the
 * transaction) to the last, and {@code --database} keeps the events of other databases out, so
 * the server needs no more than the dump's database. The SQL is loaded in one client session.
 */
public final class BinlogReplayer implements LogReplayer {

    private final String source;
    private final String database;
    private final ProcessRunner runner;

    public BinlogReplayer(String source, String database, ProcessRunner runner) {
        this.source = source;
        this.database = database;
        this.runner = runner;
    }

    @Override
    public String database() {
        return database;
    }

    @Override
    public Replay scan(List<Path> files, long startOffset, Bound bound) throws IOException {
        return BinlogTimeline.scan(files, startOffset, bound);
    }

    @Override
    public void apply(List<Path> files, long startOffset, Replay replay, DatabaseServer server, Path scratch)
            throws IOException, InterruptedException {
        if (replay.transactions() == 0) {
            return;
        }
        Path tool;
        try {
            tool = ProcessRunner.requireOnPath(BinlogStreamer.BINLOG_TOOLS, "source " + source + ": ",
                    "; install the MariaDB or MySQL client");
        } catch (PreflightException e) {
            throw new IOException(e.getMessage(), e);
        }
        List<String> argv = new ArrayList<>(List.of(tool.toString(), "--no-defaults", "--database=" + database,
                "--start-position=" + startOffset));
        if (replay.stopOffset() >= 0) {
            argv.add("--stop-position=" + replay.stopOffset());
        }
        files.subList(0, replay.files()).forEach(f -> argv.add(f.toAbsolutePath().toString()));
        Path sql = scratch.resolve(database + "-replay.sql");
        ProcessResult result;
        try (RunningProcess p = runner.start(ProcessSpec.of(argv)); OutputStream out = Files.newOutputStream(sql)) {
            p.stdout().transferTo(out);
            result = p.waitFor();
        }
        try {
            if (!result.succeeded()) {
                throw new IOException("source " + source + ": " + tool.getFileName() + " could not read the rebuilt"
                        + " binary logs: it " + result.describeExit() + "; command: " + result.command() + "\n"
                        + result.stderrBlock());
            }
            server.load(database, sql);
        } finally {
            Files.deleteIfExists(sql);
        }
    }
}
