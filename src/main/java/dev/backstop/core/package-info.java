/**
 * Value types shared by every package: backup ids, sizes, durations, hashes, the manifest,
 * and the exception types that {@code cli.ExitCodes} maps to exit codes. {@link
 * dev.backstop.core.ManifestFormat} is the one owner of how MANIFEST.json is written and read
 * (docs/manifest.md). Depends on nothing else in backstop.
 */
package dev.backstop.core;
