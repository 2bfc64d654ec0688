package dev.backstop.source;

import java.io.IOException;

/**
 * How the components of one source kind come back: into scratch space for a restore test, where
 * what comes back is measured and compared with the manifest, and into place for a
 * disaster-recovery restore. The component has been downloaded and its SHA-256 checked; so have
 * the archives of the earlier sets of its chain when it is an increment
 * ({@link StoredComponent#earlier()}), which only a kind that {@link #restoresChains()} is given.
 */
public interface ComponentRestorer {

    /**
     * Restores into scratch space the way an administrator would, and measures what came back.
     * Scratch databases are created only under names from {@link RestoreScratch#database()}, which
     * the caller drops afterwards in every case.
     *
     * @throws IOException          the component does not restore; the message says why
     * @throws InterruptedException the test is being cancelled
     */
    Restored test(StoredComponent component, RestoreScratch scratch) throws IOException, InterruptedException;

    /**
     * Restores for real, into {@link RestoreDestination#directory()} or the database the
     * administrator named, and returns one line that says where.
     *
     * @throws IOException          the component does not restore; the message says why
     * @throws InterruptedException the restore is being cancelled
     */
    String restore(StoredComponent component, RestoreDestination destination) throws IOException, InterruptedException;

    /**
     * Whether this kind restores chains of incremental archives: {@link #test} and {@link #restore}
     * then apply {@link StoredComponent#chain()} oldest first, and a test measures the tree that
     * results, not the newest archive alone. A kind that does not is never given a chain.
     */
    default boolean restoresChains() {
        return false;
    }

    /** Whether {@code --database SOURCE=NEWNAME} applies: the component loads into a database server. */
    default boolean loadsIntoDatabase() {
        return false;
    }
}
