/**
 * Continuous log archiving: cuts what a {@link dev.backstop.source.LogStreamer} writes into
 * segments at every rotation and at least every {@code segment_max_age}, compresses and hashes
 * each, and commits it to every target through {@link dev.backstop.commit.LogSegmentStore},
 * keeping a bounded local buffer of segments not yet on every target.
 */
package dev.backstop.logarchive;
