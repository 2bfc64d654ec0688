/**
 * The {@code postgres} source: runs pg_dump as plain SQL, streams its output through, and learns
 * the server version, the rows per table (from its COPY blocks) and whether the completion
 * trailer arrived. {@link dev.backstop.source.postgres.PostgresClient} is how every program of the
 * source (pg_dump, psql) reaches the server, the password in a private PGPASSFILE given by
 * environment; {@link dev.backstop.source.postgres.PostgresServer} is the restore side.
 */
package dev.backstop.source.postgres;
