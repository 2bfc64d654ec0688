/**
 * The registry of kinds: the one class that lists every source and target kind. Workflows find
 * a kind here by its type word; they never import a kind's package.
 */
package dev.backstop.registry;
