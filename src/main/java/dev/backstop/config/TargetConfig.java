package dev.backstop.config;

/**
 * One entry of {@code targets:}. Each target kind's package holds the record of its own keys and
 * the {@link TargetSchema} that reads it.
 */
public interface TargetConfig {

    String name();

    /** The configuration's {@code type:} word. */
    String type();

    RetentionPolicy retention();
}
