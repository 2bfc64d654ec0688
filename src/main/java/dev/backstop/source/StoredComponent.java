package dev.backstop.source;

import dev.backstop.codec.Decompression;
import dev.backstop.core.ComponentEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A component of a backup set as a restore finds it: its manifest entry and its file, downloaded
 * (and decrypted) with its SHA-256 checked.
 *
 * @param backupId the id of the set the file came from
 * @param earlier  for an increment ({@link ComponentEntry#needsEarlierSets()}), the archives of the
 *                 earlier sets of its chain, oldest (the full) first, each downloaded and checked
 *                 like this one; empty for a component that restores alone
 */
public record StoredComponent(ComponentEntry entry, Path file, String backupId, List<StoredComponent> earlier) {

    public StoredComponent {
        earlier = List.copyOf(earlier);
    }

    /** A component that restores alone. */
    public StoredComponent(ComponentEntry entry, Path file, String backupId) {
        this(entry, file, backupId, List.of());
    }

    /** A component that restores alone, from a set whose id does not matter to the caller. */
    public StoredComponent(ComponentEntry entry, Path file) {
        this(entry, file, null);
    }

    /** The uncompressed content; the caller closes it. */
    public InputStream open() throws IOException {
        return Decompression.open(entry.compression(), Files.newInputStream(file));
    }

    /** Writes the uncompressed content to {@code out}; returns its size. */
    public long decompressTo(Path out) throws IOException {
        try (InputStream in = open(); OutputStream o = Files.newOutputStream(out)) {
            return in.transferTo(o);
        }
    }

    public String name() {
        return entry.name();
    }

    /** The whole chain, oldest first and this component last: the archives to apply, in order. */
    public List<StoredComponent> chain() {
        List<StoredComponent> all = new java.util.ArrayList<>(earlier);
        all.add(this);
        return all;
    }
}
