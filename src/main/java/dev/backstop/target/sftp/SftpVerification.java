package dev.backstop.target.sftp;

import dev.backstop.core.Sha256;
import dev.backstop.target.FileInfo;
import dev.backstop.target.TransientIOException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code verify:} makes of {@link SftpTarget#storageSha256}: nothing for read-back (the
 * committer re-reads), the server's sha256sum for remote-hash, and for auto the remote hash
 * only once a {@link RemoteHashProof} holds; until then one small file per run is hashed both
 * ways, and equal hashes are recorded as the proof.
 */
final class SftpVerification {

    /** Files up to this size may serve to prove the remote hash against a read-back. */
    static final long PROOF_MAX_BYTES = 16L << 20;

    private final SftpTarget target;
    private final SftpConfig.Verify verify;
    private final RemoteHashProof proof;
    /** Set by the thread that verifies, read by the one that finishes. */
    private volatile boolean proofFailedThisRun;

    SftpVerification(SftpTarget target, SftpConfig.Verify verify, RemoteHashProof proof) {
        this.target = target;
        this.verify = verify;
        this.proof = proof;
    }

    Optional<String> storageSha256(String path) throws IOException {
        switch (verify) {
            case READ_BACK:
                return Optional.empty();
            case REMOTE_HASH:
                return Optional.of(target.remoteHash(path));
            default:
                if (proof.holds()) {
                    try {
                        return Optional.of(target.remoteHash(path));
                    } catch (TransientIOException e) {
                        throw e;
                    } catch (IOException e) {
                        throw new IOException(e.getMessage() + " (verify: auto trusts the remote hash on this target since "
                                + proof.file() + " recorded it; set verify: read-back, or remove that file)", e);
                    }
                }
                tryToProve(path);
                return Optional.empty();
        }
    }

    private void tryToProve(String path) throws IOException {
        if (proofFailedThisRun || target.stat(path).map(FileInfo::size).orElse(Long.MAX_VALUE) > PROOF_MAX_BYTES) {
            return;
        }
        String reported;
        try {
            reported = target.remoteHash(path);
        } catch (TransientIOException e) {
            throw e;
        } catch (IOException e) {
            // no shell, no sha256sum: this target stays with read-back
            proofFailedThisRun = true;
            return;
        }
        String readBack;
        try (InputStream in = target.read(path)) {
            readBack = Sha256.of(in);
        }
        if (Sha256.matches(readBack, reported)) {
            proof.record(path + " sha256 " + readBack, Instant.now());
        } else {
            proofFailedThisRun = true;
        }
    }
}
