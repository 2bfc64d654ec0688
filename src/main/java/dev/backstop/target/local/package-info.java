/**
 * The {@code local} target: a directory on this machine or a mounted disk. Files 0600,
 * directories 0700, every write and rename made durable with fsync.
 */
package dev.backstop.target.local;
