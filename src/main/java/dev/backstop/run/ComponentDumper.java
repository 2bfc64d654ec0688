package dev.backstop.run;

import dev.backstop.codec.CompressedFileWriter;
import dev.backstop.codec.Compression;
import dev.backstop.commit.ComponentFile;
import dev.backstop.core.ByteSize;
import dev.backstop.core.ComponentEncryption;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.EventLog;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs every source at once, each streaming through compression and SHA-256 into its spool
 * file, then checks that no component is empty or below its minimum size. One failed source
 * fails the step: the others are stopped, since a backup missing a component is no backup.
 */
final class ComponentDumper {

    /** A source with the minimum size of its component and, for an incremental one, its link of the chain (else null). */
    record Job(Source source, ByteSize minSize, Chains.Link chain) {
    }

    private final Compression compression;
    private final AgeRecipients recipients;
    private final EventLog log;
    // raw bytes read so far per source, for the progress line; finished ones stay in
    private final Map<String, CompressedFileWriter> writers = new java.util.concurrent.ConcurrentHashMap<>();

    /** {@code recipients} null: components are stored in the clear. */
    ComponentDumper(Compression compression, AgeRecipients recipients, EventLog log) {
        this.compression = compression;
        this.recipients = recipients;
        this.log = log;
    }

    /**
     * Dumps every job into {@code spoolDir}; returns the components in job order and the spool
     * file of each. {@code onStarted} hears of each component as its dump starts, on the dump's
     * thread, so that uploads can follow the spool file as it grows; the component's entry comes
     * once the dump has ended and passed its checks, and never for a failed one.
     */
    Map<ComponentEntry, Path> dumpAll(List<Job> jobs, Path spoolDir, List<String> warnings,
                                      Consumer<ComponentFile> onStarted)
            throws SourceException, IOException, InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(jobs.size(), 4)), r -> {
            Thread t = new Thread(r, "dump");
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        long startNanos = System.nanoTime();
        ticker.scheduleAtFixedRate(() -> showProgress(jobs.size(), startNanos), 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        try {
            CompletionService<Map.Entry<ComponentEntry, Path>> completion = new ExecutorCompletionService<>(pool);
            Map<Future<Map.Entry<ComponentEntry, Path>>, Job> jobOf = new LinkedHashMap<>();
            for (Job job : jobs) {
                jobOf.put(completion.submit(() -> dumpOne(job, spoolDir, warnings, onStarted)), job);
            }
            Map<Job, Map.Entry<ComponentEntry, Path>> done = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            // take results as they finish, so the first failure stops the others at once
            for (int i = 0; i < jobs.size(); i++) {
                Future<Map.Entry<ComponentEntry, Path>> f = completion.take();
                String name = jobOf.get(f).source().name();
                try {
                    done.put(jobOf.get(f), f.get());
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
            Map<ComponentEntry, Path> inOrder = new LinkedHashMap<>();
            for (Job job : jobs) {
                Map.Entry<ComponentEntry, Path> e = done.get(job);
                inOrder.put(e.getKey(), e.getValue());
            }
            return inOrder;
        } finally {
            ticker.shutdownNow();
            log.endProgress();
            pool.shutdownNow();
            pool.awaitTermination(java.util.concurrent.TimeUnit.SECONDS.toMillis(30), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private final java.util.Set<String> finished = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private void showProgress(int total, long startNanos) {
        long raw = writers.values().stream().mapToLong(CompressedFileWriter::rawBytesSoFar).sum();
        long seconds = Math.max(1, (System.nanoTime() - startNanos) / 1_000_000_000L);
        log.progress("dumping: " + finished.size() + " of " + total + " sources done, " + ByteSize.human(raw)
                + " read, " + ByteSize.human(raw / seconds) + "/s");
    }

    private Map.Entry<ComponentEntry, Path> dumpOne(Job job, Path spoolDir, List<String> warnings,
                                                     Consumer<ComponentFile> onStarted) throws Exception {
        Source source = job.source();
        // encrypted once here, so every target and every retry stores the same bytes
        String file = source.name() + "." + source.extension() + "." + compression.suffix()
                + (recipients == null ? "" : AgeRecipients.SUFFIX);
        Path spoolFile = spoolDir.resolve(file);
        Path scratch = Files.createDirectory(spoolDir.resolve(".scratch-" + source.name()),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        log.info("source " + source.name() + " (" + source.type() + "): started");
        long start = System.nanoTime();
        SourceFacts facts;
        CompressedFileWriter writer = CompressedFileWriter.create(spoolFile, compression,
                recipients == null ? CompressedFileWriter.Sealing.NONE : recipients::encrypt);
        writers.put(source.name(), writer);
        Dumping dumping = new Dumping(file, spoolFile, writer);
        try {
            onStarted.accept(dumping);
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
                writer.close();
                try (var tree = Files.walk(scratch)) {
                    tree.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
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
            ComponentEntry entry = new ComponentEntry(source.name(), source.type(), file, compression.configName(),
                    r.bytes(), r.rawBytes(), r.sha256(), durationMs, facts,
                    recipients == null ? null : new ComponentEncryption(ComponentEncryption.AGE, recipients.fingerprints()));
            if (job.chain() != null) {
                entry = entry.withIncrement(job.chain().increment().withSnapshot(
                        storeSnapshot(source, job.chain(), spoolDir, onStarted)));
            }
            dumping.entry.complete(entry);
            return Map.entry(entry, spoolFile);
        } finally {
            // whatever stopped the dump, an upload following it must not wait for an entry that never comes
            dumping.entry.completeExceptionally(new IOException("the dump of source '" + source.name() + "' failed or was stopped"));
        }
    }

    /**
     * The copy of the snapshot state that travels in the set beside the archive, compressed and
     * encrypted as the component is ({@code www.snapshot.gz}); offered to the uploads complete.
     */
    private ComponentIncrement.SnapshotFile storeSnapshot(Source source, Chains.Link chain, Path spoolDir,
                                                          Consumer<ComponentFile> onStarted) throws IOException {
        String file = source.name() + ".snapshot." + compression.suffix() + (recipients == null ? "" : AgeRecipients.SUFFIX);
        Path spoolFile = spoolDir.resolve(file);
        CompressedFileWriter writer = CompressedFileWriter.create(spoolFile, compression,
                recipients == null ? CompressedFileWriter.Sealing.NONE : recipients::encrypt);
        try (InputStream in = Files.newInputStream(chain.nextState())) {
            in.transferTo(writer.stream());
        } finally {
            writer.close();
        }
        CompressedFileWriter.Result r = writer.result();
        onStarted.accept(ComponentFile.complete(new ComponentEntry(source.name(), source.type(), file,
                compression.configName(), r.bytes(), r.rawBytes(), r.sha256(), 0, SourceFacts.none()), spoolFile));
        return new ComponentIncrement.SnapshotFile(file, r.bytes(), r.sha256());
    }

    /** A component while its source dumps: what uploads follow. */
    private static final class Dumping implements ComponentFile {
        final String file;
        final Path spool;
        final CompressedFileWriter writer;
        final CompletableFuture<ComponentEntry> entry = new CompletableFuture<>();

        Dumping(String file, Path spool, CompressedFileWriter writer) {
            this.file = file;
            this.spool = spool;
            this.writer = writer;
        }

        @Override
        public String file() {
            return file;
        }

        @Override
        public Path spool() {
            return spool;
        }

        @Override
        public InputStream open() throws IOException {
            return writer.follow();
        }

        @Override
        public long bytesSoFar() {
            return writer.bytesInFileSoFar();
        }

        @Override
        public boolean ended() {
            return entry.isDone();
        }

        @Override
        public CompletableFuture<?> whenAtLeast(long bytes) {
            return CompletableFuture.anyOf(writer.whenHolds(bytes), entry);
        }

        @Override
        public ComponentEntry awaitEntry() throws IOException, InterruptedException {
            try {
                return entry.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
    }
}
