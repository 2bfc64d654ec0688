package dev.backstop.source;

import dev.backstop.core.Progress;
import java.io.IOException;
import java.nio.file.Path;

/** The scratch space a restore test gives one component; the test removes all of it afterwards. */
public interface RestoreScratch {

    /** A private, empty directory. */
    Path directory();

    /**
     * The server to load a dump into.
     *
     * @throws NoServerException the component's source is not in the configuration
     */
    DatabaseServer server() throws NoServerException;

    /** A new scratch database name on {@link #server()}, dropped by the test afterwards in every case. */
    String database();

    /** Progress of the long steps of the test (extracting, loading), for a terminal or the log. */
    default Progress progress() {
        return Progress.NONE;
    }

    /** The component's source is not configured, so no server is known to restore its dump into. */
    final class NoServerException extends IOException {
        public NoServerException(String message) {
            super(message);
        }
    }
}
