package dev.backstop.anomaly;

import dev.backstop.core.ComponentEntry;
import java.util.function.Function;

/** A per-component measure that anomaly detection compares; null when a component has none. */
enum Metric {
    BYTES("bytes", c -> c.bytes()),
    RAW_BYTES("raw_bytes", c -> c.rawBytes()),
    FILE_COUNT("file_count", c -> c.facts() == null ? null : c.facts().fileCount()),
    // the tree's bytes, for sources whose stored size says little (incremental archives)
    FILE_BYTES("file_bytes", c -> c.incremental() == null || c.facts() == null ? null : c.facts().fileBytes());

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

    /** True for the stored file's sizes, which only archives of the whole data can be compared by. */
    boolean ofStoredFile() {
        return this == BYTES || this == RAW_BYTES;
    }
}
