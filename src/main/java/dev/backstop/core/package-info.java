/**
 * Value types shared by every package: backup ids, sizes, durations, hashes, the manifest,
 * and the exception types that {@code cli.ExitCodes} maps to exit codes. Depends on nothing
 * else in backstop.
 */
package dev.backstop.core;
