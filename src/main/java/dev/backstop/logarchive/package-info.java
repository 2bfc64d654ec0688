/**
 * Continuous log archiving: cuts what a {@link dev.backstop.source.LogStreamer} writes into
 * segments at every rotation and at least every {@code segment_max_age}, compresses and hashes
 * each, and commits it to every target through {@link dev.backstop.commit.LogSegmentStore},
 * keeping a bounded local buffer of segments not yet on every target. It records what it saw of
 * the archive ({@link dev.backstop.logarchive.ArchiveStateFile}: the newest segment, gaps, the
 * recovery window's start from {@link dev.backstop.logarchive.RecoveryWindow}) for status,
 * metrics and list, records itself ({@link dev.backstop.logarchive.ArchiverRecord}: heartbeat,
 * stream failure, end) and its lag over time ({@link dev.backstop.logarchive.LagSamples}), and
 * tells a {@link dev.backstop.logarchive.LogArchiveWatcher} of gaps and lags; a stopped archiver
 * is told by whoever looks next ({@link dev.backstop.logarchive.ArchiverStops}).
 */
package dev.backstop.logarchive;
