/**
 * Configuration: YAML text to typed records, validated with every problem reported at once
 * as {@code file:line:column: dotted.key: message}. Nothing outside this package reads YAML.
 *
 * <p>{@link dev.backstop.config.ConfigLoader} reads and validates a file,
 * {@link dev.backstop.config.ConfigPrinter} shows the resolved result with secrets masked
 * ({@code config check}), {@link dev.backstop.config.StarterConfig} is what {@code init} writes.
 * This package names no source or target type: each kind reads and prints its own keys
 * ({@link dev.backstop.config.SourceSchema}, {@link dev.backstop.config.TargetSchema}) through
 * {@link dev.backstop.config.Section} and {@link dev.backstop.config.ConfigOutput}, and the
 * registry hands the loader a {@link dev.backstop.config.ConfigSchema} that lists them.
 */
package dev.backstop.config;
