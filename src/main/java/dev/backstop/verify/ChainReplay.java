package dev.backstop.verify;

import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.commit.LogSegmentStore;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.PreflightException;
import dev.backstop.core.Progress;
import dev.backstop.core.SourceFacts.BinlogPosition;
import dev.backstop.encryption.AgeIdentity;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.LogReplayer;
import dev.backstop.source.LogReplayer.Bound;
import dev.backstop.source.LogReplayer.Replay;
import dev.backstop.source.StoredComponent;
import dev.backstop.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A dump and the archived log segments after it, replayed up to a bound on a server that holds
 * nothing else of the source: the common part of {@code restore --at} and of the restore test of
 * the chain. {@link #prepare} reads the target (segments rebuilt and scanned, nothing loaded) and
 * refuses a gap on the way; {@link #load} loads the dump and applies the logs.
 */
final class ChainReplay {

    /**
     * What {@link #prepare} found.
     *
     * @param problem why the chain cannot be replayed up to the bound, naming the gap or the
     *                corrupt segment; null when it can
     */
    record Prepared(BinlogPosition start, LogChain chain, List<Path> files, Replay replay, String problem) {

        /** The segments the replay reads: those of the files it reads, for the report. */
        List<String> segmentsUsed() {
            List<String> used = files.subList(0, replay == null ? files.size() : replay.files()).stream()
                    .map(f -> f.getFileName().toString()).toList();
            return new LogChain(chain.segments().stream().filter(s -> used.contains(s.logFile())).toList(), null)
                    .describe();
        }

        String lastApplied() {
            if (replay == null || replay.lastFile() == null) {
                return "none: no transaction after the dump's position " + start.file() + ":" + start.position()
                        + " is applied";
            }
            return replay.lastFile() + " up to byte " + replay.lastEnd() + ", committed " + replay.lastCommit() + " ("
                    + replay.transactions() + " transaction(s) replayed)";
        }
    }

    private final String host;
    private final LogReplayer replayer;
    private final Progress progress;

    ChainReplay(String host, LogReplayer replayer, Progress progress) {
        this.host = host;
        this.replayer = replayer;
        this.progress = progress;
    }

    /**
     * Plans the chain of segments after the dump {@code c}, rebuilds its log files in {@code dir}
     * and finds where the replay up to {@code bound} ends. A gap or a corrupt segment before the
     * bound is the problem of the result; a gap after it does not matter.
     *
     * @throws PreflightException a segment is encrypted and {@code key} cannot be loaded
     */
    Prepared prepare(Target target, ComponentEntry c, Bound bound, Path dir, DecryptionKey key)
            throws IOException, PreflightException {
        BinlogPosition start = c.facts().binlog();
        LogSegmentStore store = new LogSegmentStore(target, host, c.name());
        LogChain chain = LogChain.plan(store, start.file());
        Path logs = Files.createDirectories(dir.resolve("logs"));
        List<Path> files;
        try {
            files = chain.rebuild(store, logs, key);
        } catch (LogChain.Corrupt e) {
            return new Prepared(start, chain, List.of(), null, "source " + c.name() + ": " + e.getMessage());
        }
        String gap = chain.gap() == null ? null : "source " + c.name() + ": the archived binary logs have a gap after"
                + " the dump's position " + start.file() + ":" + start.position() + " and before " + bound + ": "
                + chain.gap() + "; a replay cannot cross it";
        if (files.isEmpty()) {
            return new Prepared(start, chain, files, null, gap);
        }
        Replay replay;
        try {
            replay = replayer.scan(files, start.position(), bound);
        } catch (IOException e) {
            return new Prepared(start, chain, files, null, "source " + c.name() + ": the archived binary logs cannot"
                    + " be replayed up to " + bound + ": " + e.getMessage());
        }
        if (!replay.boundSeen() && gap != null) {
            return new Prepared(start, chain, files, replay, gap);
        }
        return new Prepared(start, chain, files, replay, null);
    }

    /**
     * Downloads the dump, loads it into the source's own database name on {@code server} (created
     * afresh there) and applies the logs prepared.
     *
     * @return a finding when the dump's stored bytes are not those of the manifest; null when loaded
     */
    Finding load(Target target, BackupSet set, ComponentEntry c, AgeIdentity identity, Prepared prepared,
                 DatabaseServer server, Path dir) throws IOException, InterruptedException {
        Path downloaded = dir.resolve(c.file());
        Finding bad = BackupFetch.download(target, set, c, downloaded, progress, identity);
        if (bad != null) {
            return bad;
        }
        Path sql = dir.resolve(c.name() + ".sql");
        new StoredComponent(c, downloaded).decompressTo(sql);
        Files.delete(downloaded);
        server.requireCanLoad(sql);
        String database = replayer.database();
        server.drop(database);
        server.create(database);
        server.load(database, sql);
        Files.delete(sql);
        replayer.apply(prepared.files(), prepared.start().position(), prepared.replay(), server, dir);
        return null;
    }
}
