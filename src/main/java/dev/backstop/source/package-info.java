/**
 * Sources: the {@link dev.backstop.source.Source} contract and one sub-package per kind (mysql,
 * postgres, sqlite, files, command) that imports no sibling. Each kind's
 * {@link dev.backstop.source.SourceKind} descriptor says how its configuration is read and
 * printed, how the source is created, and how its components come back
 * ({@link dev.backstop.source.ComponentRestorer}); {@code registry.Kinds} lists the kinds.
 * What several kinds share lives here, so that no sub-package needs another:
 * {@link dev.backstop.source.DumpProcess} runs and judges a dump tool, a
 * {@link dev.backstop.source.DumpScanner} reads a database dump as it streams past,
 * {@link dev.backstop.source.DumpRestorer} loads a SQL dump with the server's own client. A
 * database family reaches its server through one {@link dev.backstop.source.DatabaseClient}
 * (programs, connection arguments, credentials in a private file, never in argv), whatever runs
 * it: the dump, the grants check, or the restore side, a
 * {@link dev.backstop.source.ClientDatabaseServer} that runs its SQL with a
 * {@link dev.backstop.source.SqlRunner}.
 */
package dev.backstop.source;
