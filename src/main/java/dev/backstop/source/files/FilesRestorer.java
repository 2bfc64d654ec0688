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
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A files component comes back extracted, and the entries and bytes extracted are counted as the
 * walk counted them when the backup was made. An increment comes back with the archives of its
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
        if (component.earlier().isEmpty()) {
            long raw;
            TarExtractor.Stats stats;
            try (CountingInput in = new CountingInput(component.open())) {
                stats = TarExtractor.extract(in, tree, false);
                in.transferTo(OutputStream.nullOutputStream()); // tar's zero padding at the end
                raw = in.count();
            }
            FileTrees.delete(tree);
            return new Restored("extracted " + stats.entries() + " entries", raw, null, stats.entries(), stats.bytes());
        }
        Set<Path> tops = new HashSet<>();
        long raw = 0;
        for (StoredComponent link : component.chain()) {
            try (CountingInput in = new CountingInput(link.open())) {
                TarExtractor.extract(in, tree, false, tops);
                in.transferTo(OutputStream.nullOutputStream());
                raw = in.count();
            }
            if (link != component && raw != link.entry().rawBytes()) {
                throw new IOException(link.entry().file() + " of backup " + link.backupId() + ", which the chain needs,"
                        + " decompresses to " + raw + " bytes, its manifest records " + link.entry().rawBytes());
            }
        }
        TreeCount count = TreeCount.of(tops);
        FileTrees.delete(tree);
        return new Restored("extracted the chain of " + component.chain().size() + " archives (" + sets(component)
                + "), " + count.entries() + " entries", raw, null, count.entries(), count.bytes());
    }

    @Override
    public String restore(StoredComponent component, RestoreDestination destination) throws IOException {
        Path tree = destination.directory().resolve(component.name());
        Set<Path> tops = new HashSet<>();
        long entries = 0;
        for (StoredComponent link : component.chain()) {
            destination.progress().start("extract " + link.entry().file()
                    + (component.earlier().isEmpty() ? "" : " of " + link.backupId()), -1);
            try (var in = link.open()) {
                entries = TarExtractor.extract(in, tree, destination.restoreOwners(), tops).entries();
            } finally {
                destination.progress().finish();
            }
        }
        if (component.earlier().isEmpty()) {
            return component.name() + ": " + entries + " entries extracted below " + tree;
        }
        return component.name() + ": " + TreeCount.of(tops).entries() + " entries extracted below " + tree
                + " from the chain of " + component.chain().size() + " archives, oldest first (" + sets(component) + ")";
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
