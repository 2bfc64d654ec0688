/**
 * The {@code mysql} source (MySQL and MariaDB): runs mariadb-dump or mysqldump with credentials
 * in a private option file, streams its SQL through, and learns the server version, the rows
 * per table and whether the dump's completion trailer arrived while the bytes pass by.
 */
package dev.backstop.source.mysql;
