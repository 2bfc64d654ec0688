/**
 * The {@code mysql} source (MySQL and MariaDB): runs mariadb-dump or mysqldump, streams its SQL
 * through, and learns the server version, the rows per table and whether the dump's completion
 * trailer arrived while the bytes pass by. Before the dump it reads the account's grants through
 * the client and refuses an account whose dump would silently lack tables, triggers or routines;
 * after it, every table the account lists must be in the dump.
 * {@link dev.backstop.source.mysql.MysqlClient} is how every program of the source reaches the
 * server, credentials in a private option file; {@link dev.backstop.source.mysql.MysqlServer} is
 * the restore side.
 */
package dev.backstop.source.mysql;
