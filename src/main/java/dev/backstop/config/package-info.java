/**
 * Configuration: YAML text to typed records, validated with every problem reported at once
 * as {@code file:line:column: dotted.key: message}. Nothing outside this package reads YAML.
 */
package dev.backstop.config;
