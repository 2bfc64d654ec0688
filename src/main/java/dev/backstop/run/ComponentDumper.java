package dev.backstop.run;

import dev.backstop.codec.CompressedFileWriter;
import dev.backstop.codec.Compression;
import dev.backstop.commit.ComponentFile;
import dev.backstop.core.ByteSize;
import dev.backstop.core.ComponentEncryption;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.EventLog;
import dev.backstop.core.FileTrees;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.encryption.AgeRecipients;
import dev.backstop.source.Source;
import dev.backstop.source.SourceContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the sources at once (up to four), each streaming through compression and SHA-256 into its
 * spool file, then checks that no component is empty or below its minimum size. One failed source
 * fails the step: the others are stopped, since a backup missing a component is no backup. A dump
 * can start before the run has decided everything about it ({@link #discard} drops it).
 *
 * <p>With encryption, the compressed bytes are sealed in the same pass into {@code <file>.age};
 * when some targets store in the clear, the compressed file stays beside it, so that each kind of
 * target gets its own spool file from one compression.
 */
final class ComponentDumper implements AutoCloseable {

    /** A source with the minimum size of its component and, for an incremental one, its link of the chain (else null). */
    record Job(Source source, ByteSize minSize, Chains.Link chain) {
    }

    /** The entries of one dumped component: in the clear and sealed; the one not written is null. */
    record Dumped(ComponentEntry clear, ComponentEntry sealed) {

        /** The sealed entry when there is one: what history records of the run. */
        ComponentEntry primary() {
            return sealed != null ? sealed : clear;
        }
    }

    /** A started dump: its result to come, and what stops it. */
    private record Running(Future<Dumped> future, StoppableDump stoppable) {
    }

    /** Hears of each spool file of a component as its dump starts. */
    @FunctionalInterface
    interface Started {
        void accept(ComponentFile file, boolean sealed);
    }

    /** Dumps that run at once; the others wait for one to end. */
    private static final int MAX_AT_ONCE = 4;

    private final Compression compression;
    private final AgeRecipients recipients;
    private final boolean clear;
    private final Path spoolDir;
    private final List<String> warnings;
    private final EventLog log;
    private final ExecutorService pool;
    private final CompletionService<Dumped> completion;
    // each started job's dump, and the handle that stops it; the run's thread alone uses them
    private final Map<Job, Running> dumps = new java.util.HashMap<>();
    private final long startNanos = System.nanoTime();
    // raw bytes read so far per source, for the progress line; finished ones stay in
    private final Map<String, CompressedFileWriter> writers = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Set<String> finished = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param recipients null: components are stored in the clear only
     * @param clearToo   with recipients: also keep each component in the clear, for targets with
     *                   {@code encrypt: false}
     * @param spoolDir   where the components are written
     * @param warnings   receives the sources' warnings; any thread
     */
    ComponentDumper(Compression compression, AgeRecipients recipients, boolean clearToo, Path spoolDir,
                    List<String> warnings, EventLog log) {
        this.compression = compression;
        this.recipients = recipients;
        this.clear = recipients == null || clearToo;
        this.spoolDir = spoolDir;
        this.warnings = warnings;
        this.log = log;
        this.pool = Executors.newFixedThreadPool(MAX_AT_ONCE, r -> {
            Thread t = new Thread(r, "dump");
            t.setDaemon(true);
            return t;
        });
        this.completion = new ExecutorCompletionService<>(pool);
    }

    /**
     * Starts dumping {@code job} into the spool directory. {@code onStarted} hears of each spool
     * file of the component as its dump starts, on the dump's thread, so that uploads can follow it
     * as it grows; the file's entry comes once the dump has ended and passed its checks, and never
     * for a failed one.
     */
    void start(Job job, Started onStarted) {
        StoppableDump stoppable = new StoppableDump();
        dumps.put(job, new Running(completion.submit(() -> stoppable.run(() -> dumpOne(job, onStarted))), stoppable));
    }

    /**
     * Stops the dump of {@code job}, waits until its thread has let go of it, and removes what it
     * wrote to the spool: a dump started before its decision was final, which turned out otherwise.
     */
    void discard(Job job) throws InterruptedException, IOException {
        Running running = dumps.remove(job);
        Future<Dumped> dump = running.future();
        if (running.stoppable().stop()) {
            try {
                dump.get();
            } catch (ExecutionException | CancellationException e) {
                // stopped: what it failed with no longer matters
            }
        } else {
            dump.cancel(false); // never taken by a thread: it need not wait for one
        }
        writers.remove(job.source().name());
        finished.remove(job.source().name());
        for (String file : spoolFiles(job.source())) {
            Files.deleteIfExists(spoolDir.resolve(file));
        }
        FileTrees.delete(scratchOf(job.source()));
        if (job.chain() != null) {
            Files.deleteIfExists(job.chain().nextState());
        }
    }

    /**
     * Waits for every started job; returns the components in the order of {@code jobs}. One failed
     * source stops the others at once, since the run cannot succeed.
     */
    List<Dumped> awaitAll(List<Job> jobs) throws SourceException, InterruptedException {
        java.util.concurrent.ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleAtFixedRate(() -> showProgress(jobs.size()), 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        try {
            Map<Future<Dumped>, Job> jobOf = new java.util.HashMap<>();
            for (Job job : jobs) {
                jobOf.put(dumps.get(job).future(), job);
            }
            Map<Job, Dumped> done = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            // take results as they finish, so the first failure stops the others at once
            for (int left = jobs.size(); left > 0; ) {
                Future<Dumped> f = completion.take();
                Job job = jobOf.get(f);
                if (job == null) {
                    continue; // a discarded dump
                }
                left--;
                String name = job.source().name();
                try {
                    done.put(job, f.get());
                } catch (CancellationException e) {
                    // stopped because another source failed first
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof InterruptedException ie && failures.isEmpty()) {
                        throw ie;
                    }
                    String why = cause instanceof SourceException || cause instanceof IOException
                            ? cause.getMessage() : cause.toString();
                    if (failures.isEmpty() || !(cause instanceof InterruptedException)) {
                        // sources name themselves in most messages; say it once
                        String prefix = "source " + name + ": ";
                        String bare = why != null && why.startsWith(prefix) ? why.substring(prefix.length()) : why;
                        failures.add(prefix + bare);
                        log.error("source " + name + " failed: " + bare);
                    }
                    // no point in finishing the others: the run cannot succeed
                    jobOf.keySet().forEach(other -> other.cancel(true));
                }
            }
            if (!failures.isEmpty()) {
                throw new SourceException(String.join("; ", failures));
            }
            List<Dumped> inOrder = new ArrayList<>();
            for (Job job : jobs) {
                inOrder.add(done.get(job));
            }
            return inOrder;
        } finally {
            ticker.shutdownNow();
            log.endProgress();
        }
    }

    /** Stops every dump still running and waits for their threads. */
    @Override
    public void close() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    private void showProgress(int total) {
        long raw = writers.values().stream().mapToLong(CompressedFileWriter::rawBytesSoFar).sum();
        long seconds = Math.max(1, (System.nanoTime() - startNanos) / 1_000_000_000L);
        log.progress("dumping: " + finished.size() + " of " + total + " sources done, " + ByteSize.human(raw)
                + " read, " + ByteSize.human(raw / seconds) + "/s");
    }

    /** The names of every spool file a dump of {@code source} may write: its component's and its snapshot copy's, each in the clear and sealed. */
    private List<String> spoolFiles(Source source) {
        String clearFile = componentFile(source);
        String snapshotFile = snapshotFile(source);
        return List.of(clearFile, clearFile + AgeRecipients.SUFFIX, snapshotFile, snapshotFile + AgeRecipients.SUFFIX);
    }

    private Path scratchOf(Source source) {
        return spoolDir.resolve(".scratch-" + source.name());
    }

    private String componentFile(Source source) {
        return source.name() + "." + source.extension() + "." + compression.suffix();
    }

    private String snapshotFile(Source source) {
        return source.name() + ".snapshot." + compression.suffix();
    }

    private Dumped dumpOne(Job job, Started onStarted) throws Exception {
        Source source = job.source();
        // encrypted once here, so every target and every retry stores the same bytes
        String clearFile = componentFile(source);
        String sealedFile = clearFile + AgeRecipients.SUFFIX;
        Path scratch = Files.createDirectory(scratchOf(source),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        log.info("source " + source.name() + " (" + source.type() + "): started");
        long start = System.nanoTime();
        SourceFacts facts;
        CompressedFileWriter writer = CompressedFileWriter.createBoth(clear ? spoolDir.resolve(clearFile) : null,
                recipients == null ? null : spoolDir.resolve(sealedFile), compression,
                recipients == null ? CompressedFileWriter.Sealing.NONE : recipients::encrypt);
        writers.put(source.name(), writer);
        DumpingFile clearDump = writer.clear() == null ? null : new DumpingFile(clearFile, writer.clear());
        DumpingFile sealedDump = writer.sealed() == null ? null : new DumpingFile(sealedFile, writer.sealed());
        String file = sealedDump != null ? sealedFile : clearFile;
        try {
            if (clearDump != null) {
                onStarted.accept(clearDump, false);
            }
            if (sealedDump != null) {
                onStarted.accept(sealedDump, true);
            }
            try {
                SourceContext context = new SourceContext(scratch, w -> {
                    log.warn("source " + source.name() + ": " + w);
                    synchronized (warnings) {
                        warnings.add(source.name() + ": " + w);
                    }
                });
                Chains.Link chain = job.chain();
                facts = chain == null ? source.dump(writer.stream(), context)
                        : chain.source().dump(writer.stream(), context, chain.previousState(), chain.nextState());
            } finally {
                try {
                    writer.close();
                } finally {
                    FileTrees.delete(scratch);
                }
            }
            finished.add(source.name());
            long durationMs = (System.nanoTime() - start) / 1_000_000;
            CompressedFileWriter.Result r = writer.result();
            if (r.rawBytes() == 0) {
                throw new SourceException("produced no data at all (empty component)");
            }
            if (job.chain() != null && job.chain().increment().level() > 0) {
                // an increment holds what changed: the tree it completes is what min_size guards
                long tree = facts.fileBytes() == null ? 0 : facts.fileBytes();
                if (tree < job.minSize().bytes()) {
                    throw new SourceException("the tree of increment " + file + " holds " + ByteSize.human(tree)
                            + ", below its min_size of " + ByteSize.human(job.minSize().bytes()));
                }
            } else if (r.bytes() < job.minSize().bytes()) {
                throw new SourceException("component " + file + " is " + ByteSize.human(r.bytes())
                        + ", below its min_size of " + ByteSize.human(job.minSize().bytes()));
            }
            log.info("source " + source.name() + ": " + file + " " + ByteSize.human(r.bytes()) + " ("
                    + ByteSize.human(r.rawBytes()) + " raw) in " + dev.backstop.core.Durations.human(java.time.Duration.ofMillis(durationMs)));
            ComponentEntry clearEntry = null;
            ComponentEntry sealedEntry = null;
            if (clearDump != null) {
                CompressedFileWriter.Result c = writer.clear().result();
                clearEntry = new ComponentEntry(source.name(), source.type(), clearFile, compression.configName(),
                        c.bytes(), c.rawBytes(), c.sha256(), durationMs, facts);
            }
            if (sealedDump != null) {
                sealedEntry = new ComponentEntry(source.name(), source.type(), sealedFile, compression.configName(),
                        r.bytes(), r.rawBytes(), r.sha256(), durationMs, facts,
                        new ComponentEncryption(ComponentEncryption.AGE, recipients.fingerprints()));
            }
            if (job.chain() != null) {
                // the snapshot copy goes in each kind of set as its archive does: in the clear, sealed
                SnapshotCopies copies = storeSnapshot(source, job.chain(), clearEntry != null,
                        sealedEntry != null, onStarted);
                ComponentIncrement increment = job.chain().increment();
                clearEntry = clearEntry == null ? null : clearEntry.withIncrement(increment.withSnapshot(copies.clear()));
                sealedEntry = sealedEntry == null ? null : sealedEntry.withIncrement(increment.withSnapshot(copies.sealed()));
            }
            if (clearDump != null) {
                clearDump.complete(clearEntry);
            }
            if (sealedDump != null) {
                sealedDump.complete(sealedEntry);
            }
            return new Dumped(clearEntry, sealedEntry);
        } finally {
            // whatever stopped the dump, an upload following it must not wait for an entry that never comes
            for (DumpingFile d : new DumpingFile[] {clearDump, sealedDump}) {
                if (d != null) {
                    d.fail(new IOException("the dump of source '" + source.name()
                            + "' failed or was stopped"));
                }
            }
        }
    }

    /** The copies of a snapshot state written for one run; the one not written is null. */
    private record SnapshotCopies(ComponentIncrement.SnapshotFile clear, ComponentIncrement.SnapshotFile sealed) {
    }

    /**
     * The copy of the snapshot state that travels in the set beside the archive, compressed and
     * encrypted as the component is ({@code www.snapshot.gz}, {@code www.snapshot.gz.age}), in
     * the kinds this run stores; offered to the uploads complete.
     */
    private SnapshotCopies storeSnapshot(Source source, Chains.Link chain, boolean inClear,
                                         boolean sealed, Started onStarted) throws IOException {
        String clearFile = snapshotFile(source);
        String sealedFile = clearFile + AgeRecipients.SUFFIX;
        CompressedFileWriter writer = CompressedFileWriter.createBoth(inClear ? spoolDir.resolve(clearFile) : null,
                sealed ? spoolDir.resolve(sealedFile) : null, compression,
                sealed ? recipients::encrypt : CompressedFileWriter.Sealing.NONE);
        try (InputStream in = Files.newInputStream(chain.nextState())) {
            in.transferTo(writer.stream());
        } finally {
            writer.close();
        }
        ComponentIncrement.SnapshotFile clearCopy = null;
        ComponentIncrement.SnapshotFile sealedCopy = null;
        if (inClear) {
            CompressedFileWriter.Result r = writer.clear().result();
            clearCopy = offer(source, clearFile, writer.clear().file(), r, false, onStarted);
        }
        if (sealed) {
            CompressedFileWriter.Result r = writer.sealed().result();
            sealedCopy = offer(source, sealedFile, writer.sealed().file(), r, true, onStarted);
        }
        return new SnapshotCopies(clearCopy, sealedCopy);
    }

    private ComponentIncrement.SnapshotFile offer(Source source, String file, Path spoolFile,
                                                  CompressedFileWriter.Result r, boolean sealed, Started onStarted) {
        onStarted.accept(ComponentFile.complete(new ComponentEntry(source.name(), source.type(), file,
                compression.configName(), r.bytes(), r.rawBytes(), r.sha256(), 0, SourceFacts.none()), spoolFile), sealed);
        return new ComponentIncrement.SnapshotFile(file, r.bytes(), r.sha256());
    }
}
