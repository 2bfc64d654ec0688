/**
 * The {@code sqlite} source: a consistent online copy of a live SQLite database through the
 * SQLite backup API, checked with {@code PRAGMA integrity_check} and counted per table
 * before it is streamed.
 */
package dev.backstop.source.sqlite;
