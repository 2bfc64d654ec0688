package dev.backstop.core;

import java.util.List;

/**
 * What {@link ManifestFormat#read} found in a MANIFEST.json: a manifest this version reads in
 * full, one written by a newer backstop, or something that is no manifest at all. Only the last
 * is garbage; a newer one is reported and kept by every reader.
 */
public sealed interface ManifestReading {

    /** A manifest of a format this version knows, read in full; unknown fields were ignored. */
    record Known(Manifest manifest) implements ManifestReading {
    }

    /**
     * A manifest of a newer format than this version reads: a complete set that this version
     * must neither judge, restore nor remove. It carries what every format keeps where it is.
     *
     * @param formatVersion the manifest's {@code format_version}, above {@link ManifestFormat#VERSION}
     * @param id            the backup id it names (always a valid one)
     * @param host          the host it names, or null when it names none
     * @param files         the component files whose name and size could be read; may be incomplete
     */
    record Newer(int formatVersion, String id, String host, List<FileSize> files) implements ManifestReading {

        public Newer {
            files = List.copyOf(files);
        }

        /** The reason every reader gives for keeping such a set as it is. */
        public String describe() {
            return "written by a newer backstop (manifest format " + formatVersion + ")";
        }

        /** Bytes of the files that could be read. */
        public long bytes() {
            return files.stream().mapToLong(FileSize::bytes).sum();
        }
    }

    /** A component file of a newer manifest: its name in the set and its stored size. */
    record FileSize(String file, long bytes) {
    }

    /** Not a manifest any backstop wrote: not JSON, a missing or bad id, fields of the wrong type. */
    record Malformed(String reason) implements ManifestReading {
    }
}
