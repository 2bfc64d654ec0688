package dev.backstop.source.files;

import dev.backstop.codec.CountingInput;
import dev.backstop.core.FileTrees;
import dev.backstop.source.ComponentRestorer;
import dev.backstop.source.RestoreDestination;
import dev.backstop.source.RestoreScratch;
import dev.backstop.source.Restored;
import dev.backstop.source.StoredComponent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
        List<StoredComponent> chain = component.chain();
        CompletableFuture<Rewrites> rewrites = rewrites(chain);
        long raw = 0;
        TarExtractor.Stats stats = null;
        for (int i = 0; i < chain.size(); i++) {
            StoredComponent link = chain.get(i);
            int archive = i;
            scratch.progress().start("extract " + link.entry().file() + of(component, link), fileBytes(link));
            try (CountingInput in = new CountingInput(link.open())) {
                stats = extractor.apply(in, skipped(rewrites, archive));
                in.transferTo(OutputStream.nullOutputStream()); // tar's zero padding at the end
                raw = in.count();
            } finally {
                scratch.progress().finish();
            }
            if (link != component && raw != link.entry().rawBytes()) {
                throw new IOException(link.entry().file() + " of backup " + link.backupId() + ", which the chain needs,"
                        + " decompresses to " + raw + " bytes, its manifest records " + link.entry().rawBytes());
            }
        }
        if (component.earlier().isEmpty()) {
            FileTrees.delete(tree);
            return new Restored("extracted " + stats.entries() + " entries", raw, null, stats.files(), stats.bytes(),
                    stats.entries());
        }
        TreeCount count = TreeCount.of(extractor.tops());
        FileTrees.delete(tree);
        return new Restored("extracted the chain of " + component.chain().size() + " archives (" + sets(component)
                + "), " + count.entries() + " entries", raw, null, count.files(), count.bytes(), count.entries());
    }

    @Override
    public String restore(StoredComponent component, RestoreDestination destination) throws IOException {
        Path tree = destination.directory().resolve(component.name());
        // stripped: extracted aside, then the common directory is moved into place in one rename
        Path into = destination.stripSourcePath() ? destination.directory().resolve("." + component.name()
                + ".extracting") : tree;
        TarExtractor extractor = new TarExtractor(into, destination.restoreOwners(), destination.progress());
        List<StoredComponent> chain = component.chain();
        CompletableFuture<Rewrites> rewrites = rewrites(chain);
        TarExtractor.Stats full = null;
        TarExtractor.Stats stats = null;
        for (int i = 0; i < chain.size(); i++) {
            StoredComponent link = chain.get(i);
            int archive = i;
            destination.progress().start("extract " + link.entry().file() + of(component, link), fileBytes(link));
            try (var in = link.open()) {
                stats = extractor.apply(in, skipped(rewrites, archive));
            } finally {
                destination.progress().finish();
            }
            full = full == null ? stats : full;
        }
        long entries = component.earlier().isEmpty() ? stats.entries() : TreeCount.of(extractor.tops()).entries();
        String from = component.earlier().isEmpty() ? "" : " from the chain of " + chain.size()
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

    /**
     * What the increments of a chain write again, read while the full is extracted (on a second
     * core: the full needs none of it). An increment that cannot be read gives none: its extraction
     * then fails with the archive named.
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
