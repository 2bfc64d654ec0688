/**
 * Compression of components, as streams that use every core: gzip in parallel blocks that still
 * form one standard gzip member (pigz-style), zstd in parallel blocks that are standard frames.
 */
package dev.backstop.codec;
