package dev.backstop.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * Drains a child's standard error on a daemon thread, so the child never blocks on a full pipe,
 * and keeps its last lines (about {@link #TAIL_CHARS} characters), masked as they arrive.
 */
final class StderrTail {

    static final int TAIL_CHARS = 16 * 1024;
    private static final int MAX_LINE = 8 * 1024;

    private final InputStream stream;
    private final Masker masker;
    private final Consumer<String> listener;
    private final Deque<String> lines = new ArrayDeque<>();
    private final Thread thread;
    private int chars;

    StderrTail(InputStream stream, Masker masker, Consumer<String> listener, String name) {
        this.stream = stream;
        this.masker = masker;
        this.listener = listener;
        this.thread = new Thread(this::drain, "stderr-" + name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits up to {@code millis} for the stream to end (a surviving grandchild may hold it open). */
    void join(long millis) throws InterruptedException {
        thread.join(millis);
    }

    /** The last lines seen so far, masked, joined by newlines. */
    synchronized String tail() {
        return String.join("\n", lines);
    }

    private void drain() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean skipping = false;
        byte[] buf = new byte[8192];
        try (stream) {
            int n;
            while ((n = stream.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        if (!skipping) {
                            emit(line, false);
                        }
                        line.reset();
                        skipping = false;
                    } else if (!skipping) {
                        line.write(b);
                        if (line.size() >= MAX_LINE) {
                            emit(line, true);
                            line.reset();
                            skipping = true;
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The pipe closed under us (the process was killed): what was read is all there is.
        }
        if (line.size() > 0 && !skipping) {
            emit(line, false);
        }
    }

    private void emit(ByteArrayOutputStream raw, boolean cut) {
        String text = raw.toString(StandardCharsets.UTF_8);
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        String masked = cut ? masker.maskCut(text) + " [line cut]" : masker.mask(text);
        synchronized (this) {
            lines.addLast(masked);
            chars += masked.length() + 1;
            while (chars > TAIL_CHARS && lines.size() > 1) {
                chars -= lines.removeFirst().length() + 1;
            }
        }
        if (listener != null) {
            try {
                listener.accept(masked);
            } catch (RuntimeException e) {
                // A faulty listener must not stop the draining, or the child would block.
            }
        }
    }
}
