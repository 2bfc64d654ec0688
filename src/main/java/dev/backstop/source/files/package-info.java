/**
 * The {@code files} source: a POSIX (PAX) tar stream of configured paths, readable by GNU tar,
 * with symlinks stored as links, owners, modes and times kept, special files skipped and files
 * that vanish or change while read reported rather than hidden.
 */
package dev.backstop.source.files;
