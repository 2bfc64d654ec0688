package dev.backstop.config;

import dev.backstop.core.ByteSize;

/**
 * One entry of {@code sources:}. Every type has a name and a minimum size; each source kind's
 * package holds the record of its own keys and the {@link SourceSchema} that reads it.
 */
public interface SourceConfig {

    String name();

    /** The configuration's {@code type:} word. */
    String type();

    /** A component smaller than this (compressed) fails the run; 1 byte when not set. */
    ByteSize minSize();

    /** How runs chain incremental archives of this source; null when every run stores it whole. */
    default IncrementalConfig incremental() {
        return null;
    }
}
