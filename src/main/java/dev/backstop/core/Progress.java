package dev.backstop.core;

/**
 * Progress of long transfers, for a person at a terminal. Called from the working thread only.
 * {@link #NONE} does nothing: without a terminal the log lines of each step are the progress.
 */
public interface Progress {

    Progress NONE = new Progress() {
        @Override
        public void start(String label, long totalBytes) {
        }

        @Override
        public void update(long doneBytes) {
        }

        @Override
        public void finish() {
        }
    };

    /** A new transfer of {@code totalBytes} (or -1 when unknown) begins. */
    void start(String label, long totalBytes);

    /** {@code doneBytes} of the current transfer are done. */
    void update(long doneBytes);

    /** The current transfer ended. */
    void finish();
}
