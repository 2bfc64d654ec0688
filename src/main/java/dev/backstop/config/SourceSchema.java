package dev.backstop.config;

import dev.backstop.core.ByteSize;
import java.util.List;

/**
 * How the entries of one source type in {@code sources:} are read and printed. Each source kind's
 * descriptor is one; {@link ConfigSchema} lists them, so this package never names a kind.
 */
public interface SourceSchema {

    /** The {@code type:} word. */
    String type();

    /** The keys of this type besides {@code name}, {@code type}, {@code min_size} and {@code anomaly}, in the order messages list them. */
    List<String> keys();

    /**
     * Reads the type's own keys of one entry. Unknown keys have already been reported. Reports every
     * problem to {@code entry} (with its key path) instead of throwing; the returned record is
     * discarded when any problem was reported.
     */
    SourceConfig read(Section entry, String name, ByteSize minSize);

    /** Prints the type's own keys of a configuration this schema read, defaults filled in, secrets masked. */
    void print(SourceConfig config, ConfigOutput out);
}
