package dev.backstop.anomaly;

import dev.backstop.core.ComponentEntry;
import java.util.function.Function;

/**
 * A per-component measure that anomaly detection compares; null when a component has none.
 * The stored sizes of an archive are compared among archives that hold the whole tree (fulls and
 * components stored whole), never with an increment, whose size only says how much changed; an
 * increment is measured by the tree it restores to: its file count and file bytes.
 */
enum Metric {
    BYTES("bytes", c -> c.bytes(), Scope.WHOLE_ARCHIVE),
    RAW_BYTES("raw_bytes", c -> c.rawBytes(), Scope.WHOLE_ARCHIVE),
    FILE_COUNT("file_count", c -> c.facts() == null ? null : c.facts().fileCount(), Scope.TREE),
    FILE_BYTES("file_bytes", c -> c.facts() == null ? null : c.facts().fileBytes(), Scope.TREE_OF_INCREMENT);

    /** Which components a metric measures, and with which earlier components it compares them. */
    private enum Scope {
        /** archives that hold the whole tree, compared with such archives only */
        WHOLE_ARCHIVE,
        /** every component, compared with every earlier one: the facts describe the whole tree */
        TREE,
        /** increments only, where it stands in for raw_bytes; compared with every earlier tree */
        TREE_OF_INCREMENT
    }

    private final String word;
    private final Function<ComponentEntry, Long> value;
    private final Scope scope;

    Metric(String word, Function<ComponentEntry, Long> value, Scope scope) {
        this.word = word;
        this.value = value;
        this.scope = scope;
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

    /** Whether this metric judges {@code current} at all. */
    boolean measures(ComponentEntry current) {
        return switch (scope) {
            case WHOLE_ARCHIVE -> !current.needsEarlierSets();
            case TREE -> true;
            case TREE_OF_INCREMENT -> current.needsEarlierSets();
        };
    }

    /** Whether an earlier component counts in the median this metric compares with. */
    boolean comparable(ComponentEntry earlier) {
        return scope != Scope.WHOLE_ARCHIVE || !earlier.needsEarlierSets();
    }
}
