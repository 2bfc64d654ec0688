package dev.backstop.core;

/**
 * Progress of long steps (transfers, extraction, loading a dump, re-hashing): one line redrawn on
 * a terminal, a plain line now and then without one. Called from one thread at a time.
 * {@link #NONE} does nothing.
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

    /** {@code doneBytes} and {@code items} (entries extracted, ...) of the current step are done. */
    default void update(long doneBytes, long items) {
        update(doneBytes);
    }

    /** The current transfer ended. */
    void finish();
}
