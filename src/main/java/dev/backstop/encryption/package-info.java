/**
 * Encryption at rest in the age format (X25519 recipients): a finished spool file is sealed once
 * into its {@code .age} twin, so every target and every retry stores the same bytes, and the
 * {@code age} tool alone can decrypt what is stored.
 */
package dev.backstop.encryption;
