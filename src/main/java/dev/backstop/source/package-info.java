/**
 * Sources: the {@link dev.backstop.source.Source} contract and one small class per type
 * (mysql, postgres, sqlite, files, command), each in its own sub-package that imports no
 * sibling. {@link dev.backstop.source.Sources} is the registry that builds them from configuration.
 */
package dev.backstop.source;
