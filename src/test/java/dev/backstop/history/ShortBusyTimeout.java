package dev.backstop.history;

/**
 * Shortens the history's busy timeout to one second while open, for a test that holds the file's
 * lock on purpose through a whole run or rebuild and would otherwise wait ten seconds out.
 * Histories opened while it is open keep the short timeout.
 */
public final class ShortBusyTimeout implements AutoCloseable {

    private final String before;

    private ShortBusyTimeout() {
        before = System.getProperty(Db.BUSY_TIMEOUT_PROPERTY);
        System.setProperty(Db.BUSY_TIMEOUT_PROPERTY, "1000");
    }

    public static ShortBusyTimeout open() {
        return new ShortBusyTimeout();
    }

    @Override
    public void close() {
        if (before == null) {
            System.clearProperty(Db.BUSY_TIMEOUT_PROPERTY);
        } else {
            System.setProperty(Db.BUSY_TIMEOUT_PROPERTY, before);
        }
    }
}
