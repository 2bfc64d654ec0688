/**
 * Configuration: YAML text to typed records, validated with every problem reported at once
 * as {@code file:line:column: dotted.key: message}. Nothing outside this package reads YAML.
 *
 * <p>{@link dev.backstop.config.ConfigLoader} reads and validates a file,
 * {@link dev.backstop.config.ConfigPrinter} shows the resolved result with secrets masked
 * ({@code config check}), {@link dev.backstop.config.StarterConfig} is what {@code init} writes.
 */
package dev.backstop.config;
