/**
 * The {@code command} source: the standard output of a command run without a shell (such as
 * {@code dpkg-query -W} or {@code crontab -l}), stored as text.
 */
package dev.backstop.source.command;
