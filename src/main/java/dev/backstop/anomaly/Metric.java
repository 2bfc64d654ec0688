package dev.backstop.anomaly;

import dev.backstop.core.ComponentEntry;
import java.util.function.Function;

/** A per-component measure that anomaly detection compares; null when a component has none. */
enum Metric {
    BYTES("bytes", c -> c.bytes()),
    RAW_BYTES("raw_bytes", c -> c.rawBytes()),
    FILE_COUNT("file_count", c -> c.facts() == null ? null : c.facts().fileCount());

    private final String word;
    private final Function<ComponentEntry, Long> value;

    Metric(String word, Function<ComponentEntry, Long> value) {
        this.word = word;
        this.value = value;
    }

    String word() {
        return word;
    }

    Long of(ComponentEntry c) {
        return value.apply(c);
    }

    boolean isSize() {
        return this != FILE_COUNT;
    }

    /**
     * Whether {@code earlier}'s value means what {@code current}'s means: a file count of a set
     * made before entries were recorded counted directories and links too, so it is not compared
     * with one that counts regular files (nor the other way round).
     */
    boolean comparable(ComponentEntry current, ComponentEntry earlier) {
        if (this != FILE_COUNT || current.facts() == null || earlier.facts() == null) {
            return true;
        }
        return current.facts().countsEntriesAsFiles() == earlier.facts().countsEntriesAsFiles();
    }
}
