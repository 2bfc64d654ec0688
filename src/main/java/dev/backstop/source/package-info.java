/**
 * Sources: the {@link dev.backstop.source.Source} contract and one small class per type
 * (mysql, postgres, sqlite, files, command), each in its own sub-package that imports no
 * sibling. {@link dev.backstop.source.Sources} is the registry that builds them from configuration.
 * What the sources that run a tool share lives here, so that no sub-package needs another:
 * {@link dev.backstop.source.DumpProcess} runs and judges the tool, a
 * {@link dev.backstop.source.DumpScanner} reads a database dump as it streams past. A database
 * family reaches its server through one {@link dev.backstop.source.DatabaseClient} (programs,
 * connection arguments, credentials in a private file, never in argv), whatever runs it: the
 * dump, the grants check, or the restore side, a {@link dev.backstop.source.ClientDatabaseServer}
 * that runs its SQL with a {@link dev.backstop.source.SqlRunner}.
 */
package dev.backstop.source;
