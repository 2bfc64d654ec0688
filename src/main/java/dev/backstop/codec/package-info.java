/**
 * Compression of components, as streams that use every core: gzip in parallel blocks that still
 * form one standard gzip member (pigz-style), zstd with its worker threads.
 */
package dev.backstop.codec;
