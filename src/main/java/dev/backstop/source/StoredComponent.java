package dev.backstop.source;

import dev.backstop.codec.Decompression;
import dev.backstop.core.ComponentEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A component of a backup set as a restore finds it: its manifest entry and its file, downloaded
 * with its SHA-256 checked.
 */
public record StoredComponent(ComponentEntry entry, Path file) {

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
}
