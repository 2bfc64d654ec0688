package dev.backstop.config;

import java.util.List;

/**
 * How the entries of one target type in {@code targets:} are read and printed. Each target kind's
 * descriptor is one; {@link ConfigSchema} lists them, so this package never names a kind.
 */
public interface TargetSchema {

    /** The {@code type:} word. */
    String type();

    /** Every key an entry of this type may have, {@code name}, {@code type} and {@code retention} included, in the order messages list them. */
    List<String> keys();

    /**
     * Reads the type's own keys of one entry. Unknown keys have already been reported. Reports every
     * problem to {@code entry} instead of throwing; the returned record is discarded when any
     * problem was reported.
     */
    TargetConfig read(Section entry, String name, RetentionPolicy retention);

    /** Prints the type's own keys of a configuration this schema read, defaults filled in, secrets masked. */
    void print(TargetConfig config, ConfigOutput out);
}
