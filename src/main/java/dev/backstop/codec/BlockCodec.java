package dev.backstop.codec;

import java.io.IOException;

/**
 * A compressed format written by {@link ParallelBlockOutputStream}: how its blocks are compressed
 * and framed. One instance serves one stream.
 */
interface BlockCodec {

    /** The format's name for messages and thread names: gzip or zstd. */
    String name();

    /** How many bytes of the input before a block prime its compression; 0 for none. */
    int dictionarySize();

    /** Written before the first block. */
    byte[] header();

    /** Sees every block of input, in order, on the writing thread, before the block is compressed. */
    void consumed(byte[] block, int length);

    /**
     * Compresses {@code block[0, length)}; runs on the pool, several blocks at a time, so it must
     * not touch the stream's state. {@code dictionary} is null for the first block or when
     * {@link #dictionarySize()} is 0.
     */
    byte[] compress(byte[] dictionary, byte[] block, int length, boolean last) throws IOException;

    /** Written after the last block, once every block is written. */
    byte[] trailer();
}
