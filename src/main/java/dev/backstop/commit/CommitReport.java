package dev.backstop.commit;

import dev.backstop.target.StoredFile;
import java.time.Duration;
import java.util.List;

/**
 * What a successful {@link BackupSetCommitter#commit} did, for the summary and history.
 *
 * @param target    the target's configured name
 * @param finalPath the committed set's directory, relative to the target root
 * @param bytes     bytes stored, every file of the set counted
 * @param files     each stored file with how it was verified, in the order written
 * @param elapsed   wall time of the whole commit, verification included
 */
public record CommitReport(String target, String finalPath, long bytes, List<StoredFile> files, Duration elapsed) {

    public CommitReport {
        files = List.copyOf(files);
    }
}
