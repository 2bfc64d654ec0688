/**
 * The {@code files} source: a POSIX (PAX) tar stream of configured paths, readable by GNU tar,
 * with names kept as the bytes the file system holds (UTF-8 or not, in every locale), symlinks
 * stored as links, owners, modes and times kept, special files skipped and files that vanish or
 * change while read reported rather than hidden; and its extraction, which restores the same bytes.
 * An archive may also be one of a chain in GNU tar's listed-incremental format ({@link Increment}),
 * holding only what changed since a {@link Snapshot}; chains are applied oldest first.
 */
package dev.backstop.source.files;
