package dev.backstop.source.files;

import dev.backstop.codec.CountingInput;
import dev.backstop.core.FileTrees;
import dev.backstop.core.Progress;
import dev.backstop.source.ComponentRestorer;
import dev.backstop.source.RestoreDestination;
import dev.backstop.source.RestoreScratch;
import dev.backstop.source.Restored;
import dev.backstop.source.StoredComponent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A files component comes back extracted, and the entries, regular files and bytes extracted are
 * counted as the walk counted them when the backup was made; long extractions show progress. An increment comes back with the archives of its
 * chain, applied oldest first as {@code tar -x -g /dev/null} applies them (each directory loses what
 * its dumpdir no longer lists); what a test then counts is the tree that results, which the
 * manifest's facts describe, not the increment.
 */
final class FilesRestorer implements ComponentRestorer {

    @Override
    public boolean restoresChains() {
        return true;
    }

    @Override
    public Restored test(StoredComponent component, RestoreScratch scratch) throws IOException {
        Path tree = scratch.directory().resolve(component.name() + ".d");
        TarExtractor extractor = new TarExtractor(tree, false, scratch.progress());
        List<Applied> applied = applyChain(component, extractor, scratch.progress());
        List<StoredComponent> chain = component.chain();
        for (int i = 0; i < chain.size() - 1; i++) {
            StoredComponent link = chain.get(i);
            if (applied.get(i).raw() != link.entry().rawBytes()) {
                throw new IOException(link.entry().file() + " of backup " + link.backupId() + ", which the chain needs,"
                        + " decompresses to " + applied.get(i).raw() + " bytes, its manifest records "
                        + link.entry().rawBytes());
            }
        }
        Applied last = applied.get(applied.size() - 1);
        if (component.earlier().isEmpty()) {
            FileTrees.delete(tree);
            return new Restored("extracted " + last.stats().entries() + " entries", last.raw(), null,
                    last.stats().files(), last.stats().bytes(), last.stats().entries());
        }
        TreeCount count = TreeCount.of(extractor.tops());
        FileTrees.delete(tree);
        return new Restored("extracted the chain of " + chain.size() + " archives (" + sets(component)
                + "), " + count.entries() + " entries", last.raw(), null, count.files(), count.bytes(), count.entries());
    }

    @Override
    public String restore(StoredComponent component, RestoreDestination destination) throws IOException {
        Path tree = destination.directory().resolve(component.name());
        // stripped: extracted aside, then the common directory is moved into place in one rename
        Path into = destination.stripSourcePath() ? destination.directory().resolve("." + component.name()
                + ".extracting") : tree;
        TarExtractor extractor = new TarExtractor(into, destination.restoreOwners(), destination.progress());
        List<Applied> applied = applyChain(component, extractor, destination.progress());
        TarExtractor.Stats full = applied.get(0).stats();
        long entries = component.earlier().isEmpty() ? full.entries() : TreeCount.of(extractor.tops()).entries();
        String from = component.earlier().isEmpty() ? "" : " from the chain of " + applied.size()
                + " archives, oldest first (" + sets(component) + ")";
        if (!destination.stripSourcePath()) {
            return component.name() + ": " + entries + " entries extracted below " + tree + from;
        }
        // the full holds every configured path: its common directory is the chain's
        Files.move(into.resolve(full.common()), tree); // the restore checked that tree does not exist
        FileTrees.delete(into);
        return component.name() + ": " + entries + " entries extracted into " + tree + ", relative to /"
                + full.common() + from + " (--strip-source-path)";
    }

    /** What one archive of a chain gave: what it held, and its size uncompressed. */
    private record Applied(TarExtractor.Stats stats, long raw) {
    }

    /**
     * Applies the archives of {@code component}'s chain (itself alone when it is stored whole),
     * oldest first, each with its progress. An archive of a chain that cannot be extracted is named
     * with its backup.
     */
    private static List<Applied> applyChain(StoredComponent component, TarExtractor extractor, Progress progress)
            throws IOException {
        List<StoredComponent> chain = component.chain();
        CompletableFuture<Rewrites> rewrites = rewrites(chain);
        List<Applied> applied = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            StoredComponent link = chain.get(i);
            progress.start("extract " + link.entry().file() + of(component, link), fileBytes(link));
            try (CountingInput in = new CountingInput(link.open())) {
                TarExtractor.Stats stats = extractor.apply(in, skipped(rewrites, i));
                in.transferTo(OutputStream.nullOutputStream()); // tar's zero padding at the end
                applied.add(new Applied(stats, in.count()));
            } catch (IOException e) {
                if (chain.size() == 1 || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                throw new IOException(link.entry().file() + " of backup " + link.backupId() + ", archive " + (i + 1)
                        + " of the chain of " + chain.size() + ", cannot be extracted: " + e.getMessage(), e);
            } finally {
                progress.finish();
            }
        }
        return applied;
    }

    /**
     * What the increments of a chain write again, read while the full is extracted (on a second
     * core: the full needs none of it). An increment that cannot be read gives none: its extraction
     * then fails with the archive named ({@link #applyChain}).
     */
    private static CompletableFuture<Rewrites> rewrites(List<StoredComponent> chain) {
        if (chain.size() == 1) {
            return CompletableFuture.completedFuture(Rewrites.NONE);
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                return Rewrites.scan(chain.stream().<Rewrites.Archive>map(link -> link::open).toList());
            } catch (IOException | RuntimeException e) { // a damaged archive: its extraction names it
                return Rewrites.NONE;
            }
        });
    }

    /** The files archive {@code archive} of its chain need not write. */
    private static Predicate<byte[]> skipped(CompletableFuture<Rewrites> rewrites, int archive) {
        if (archive == 0) {
            return name -> false;
        }
        Rewrites later = rewrites.join();
        return name -> later.rewrittenAfter(archive, name);
    }

    /** " of <id>" for an archive of a chain, nothing for a component stored whole. */
    private static String of(StoredComponent component, StoredComponent link) {
        return component.earlier().isEmpty() ? "" : " of " + link.backupId();
    }

    /** The tree's bytes as the manifest records them, for the ETA of an extraction; -1 when unknown. */
    private static long fileBytes(StoredComponent link) {
        // an increment's archive holds only what changed: its tree's bytes would promise too much
        if (link.entry().needsEarlierSets()) {
            return -1;
        }
        return link.entry().facts() != null && link.entry().facts().fileBytes() != null
                ? link.entry().facts().fileBytes() : -1;
    }

    /** The ids of the sets of a chain, oldest first, the full marked. */
    private static String sets(StoredComponent component) {
        List<StoredComponent> chain = component.chain();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < chain.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(chain.get(i).backupId()).append(i == 0 ? " full" : "");
        }
        return sb.toString();
    }
}
