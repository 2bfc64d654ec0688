package dev.backstop.run;

/**
 * Where a source's chain of incremental archives stands, as the state directory keeps it beside
 * the snapshot state: the set the snapshot was taken for, and that set's place in its chain.
 *
 * @param host           the host whose sets the chain is made of
 * @param source         the source's name
 * @param set            id of the set the snapshot state was taken for
 * @param level          that set's level (0: the full)
 * @param base           id of the chain's full
 * @param chainKey       what the chain holds to ({@code IncrementalSource#chainKey})
 * @param snapshotSha256 SHA-256 of the snapshot state file as kept (compressed): a state file
 *                       from another run is not taken for this one
 */
record ChainState(String host, String source, String set, int level, String base, String chainKey,
                  String snapshotSha256) {

    ChainState withSnapshotSha256(String sha256) {
        return new ChainState(host, source, set, level, base, chainKey, sha256);
    }
}
