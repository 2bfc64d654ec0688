/**
 * The {@code postgres} source: runs pg_dump as plain SQL with the password in a private
 * PGPASSFILE given by environment, streams its output through, and learns the server version,
 * the rows per table (from its COPY blocks) and whether the completion trailer arrived.
 */
package dev.backstop.source.postgres;
