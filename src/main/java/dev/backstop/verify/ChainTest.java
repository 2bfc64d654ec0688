package dev.backstop.verify;

import dev.backstop.commit.BackupSets;
import dev.backstop.commit.BackupSets.BackupSet;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.EventLog;
import dev.backstop.core.PreflightException;
import dev.backstop.core.Progress;
import dev.backstop.core.SourceFacts.BinlogPosition;
import dev.backstop.core.TargetException;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.LogReplayer;
import dev.backstop.source.LogReplayer.Bound;
import dev.backstop.source.RestoreEnvironmentException;
import dev.backstop.target.Target;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The restore test of a source's log chain: the dump of the backup before the tested one is
 * loaded on the disposable server, the archived logs are replayed up to the position the tested
 * dump recorded, and every table's row count is compared with the tested dump's manifest. Equal
 * counts prove that the chain between the two dumps is complete and replays; a gap, a corrupt
 * segment or a table that differs is a finding naming it and the segments used.
 */
final class ChainTest {

    private final String host;
    private final LogReplayer replayer;
    private final Optional<DatabaseServer> server;
    private final DecryptionKey key;
    private final Progress progress;
    private final EventLog log;

    ChainTest(String host, LogReplayer replayer, Optional<DatabaseServer> server, DecryptionKey key, Progress progress,
              EventLog log) {
        this.host = host;
        this.replayer = replayer;
        this.server = server;
        this.key = key;
        this.progress = progress;
        this.log = log;
    }

    /** Tests the chain that ends at dump {@code c} of {@code set}; adds its line or its findings. */
    void run(Target target, BackupSet set, ComponentEntry c, Path dir, List<Finding> findings, List<String> components)
            throws TargetException, PreflightException, IOException, InterruptedException {
        String id = set.id().toString();
        String name = c.name() + " (log chain)";
        BackupSet previous = previous(target, set, c.name());
        if (previous == null) {
            components.add(name + ": not tested, no earlier backup holds a dump of " + c.name() + " with a binary-log"
                    + " position to replay from");
            return;
        }
        if (server.isEmpty()) {
            findings.add(Finding.warning(target.name(), id, "logs/" + c.name(), "source " + c.name() + ": the log chain"
                    + " is not tested, since the source tests on its own server (restore_test: {server: source}) and"
                    + " a replay runs on a disposable server only"));
            return;
        }
        ComponentEntry before = previous.manifest().components().stream().filter(e -> e.name().equals(c.name()))
                .findFirst().orElseThrow();
        BinlogPosition end = c.facts().binlog();
        Path work = Files.createDirectories(dir.resolve("chain-" + c.name()));
        ChainReplay chain = new ChainReplay(host, replayer, progress);
        long t = System.nanoTime();
        try {
            ChainReplay.Prepared prepared = chain.prepare(target, before, Bound.position(end.file(), end.position()), work,
                    key);
            String from = "the dump of backup " + previous.id() + " (" + prepared.start().file() + ":"
                    + prepared.start().position() + ") with the archived logs replayed up to this dump's position "
                    + end.file() + ":" + end.position();
            String used = "; segments used: " + (prepared.chain().segments().isEmpty() ? "none"
                    : String.join(", ", prepared.segmentsUsed()));
            if (prepared.problem() != null) {
                findings.add(Finding.critical(target.name(), id, "logs/" + c.name(), prepared.problem() + used));
                return;
            }
            Finding bad = chain.load(target, previous, before, before.encrypted() ? key.load() : null, prepared,
                    server.get(), work);
            if (bad != null) {
                findings.add(bad);
                return;
            }
            SortedMap<String, Long> rows = server.get().countRows(replayer.database());
            String differs = firstDifference(rows, c.facts().tableRows());
            if (differs != null) {
                findings.add(Finding.error(target.name(), id, c.file(), "source " + c.name() + ": " + from + " gives "
                        + differs + used));
                return;
            }
            String line = name + ": " + from + " matches its " + rows.size() + " table(s) in "
                    + dev.backstop.core.Durations.human(java.time.Duration.ofNanos(System.nanoTime() - t)) + used;
            components.add(line);
            log.info("restore-test: " + line);
        } catch (RestoreEnvironmentException | InterruptedIOException e) {
            throw e; // the test could not run here, or was stopped: not a finding against the backup
        } catch (IOException e) {
            findings.add(Finding.error(target.name(), id, "logs/" + c.name(), "source " + c.name() + ": the log chain"
                    + " from backup " + previous.id() + " does not replay: " + e.getMessage()));
        } finally {
            boolean interrupted = Thread.interrupted();
            try {
                server.get().drop(replayer.database());
            } catch (IOException | RuntimeException e) {
                log.warn("restore-test: cannot drop " + replayer.database() + " on the disposable server: " + e.getMessage());
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The newest complete set before {@code set} with a dump of the source that records its position. */
    private BackupSet previous(Target target, BackupSet set, String source) throws TargetException {
        BackupSet found = null;
        for (BackupSet s : BackupSets.list(target, host)) {
            if (s.id().compareTo(set.id()) < 0 && s.complete() && !s.newerFormat() && s.manifest().components().stream()
                    .anyMatch(e -> e.name().equals(source) && e.facts() != null && e.facts().binlog() != null)) {
                found = s;
            }
        }
        return found;
    }

    /** The first table, in name order, whose rows differ, in words; null when all agree. */
    static String firstDifference(Map<String, Long> replayed, Map<String, Long> dumped) {
        TreeSet<String> tables = new TreeSet<>(replayed.keySet());
        if (dumped != null) {
            tables.addAll(dumped.keySet());
        }
        for (String table : tables) {
            Long got = replayed.get(table);
            Long want = dumped == null ? null : dumped.get(table);
            if (!java.util.Objects.equals(got, want)) {
                return "table " + table + " with " + (got == null ? "no such table" : got + " rows") + ", where this"
                        + " backup's dump holds " + (want == null ? "no such table" : want + " rows");
            }
        }
        return null;
    }
}
