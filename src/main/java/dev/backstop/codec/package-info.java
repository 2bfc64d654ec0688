/** Compression of components: gzip (universal) and zstd (fast), as streams. */
package dev.backstop.codec;
