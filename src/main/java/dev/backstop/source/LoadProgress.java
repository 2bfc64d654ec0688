package dev.backstop.source;

import dev.backstop.core.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How far a database client has read the SQL file it loads, reported to a {@link Progress} while
 * the load runs. The client reads the file as its standard input; its read position is the
 * {@code pos:} of {@code /proc/<pid>/fdinfo/0}, as {@code pv -d} finds it, so the servers' own
 * code needs to know nothing of it. Where /proc is missing the load simply shows no progress.
 */
final class LoadProgress implements AutoCloseable {

    private static final long POLL_MILLIS = 200;

    private final Progress progress;
    private final Path sqlFile;
    private final Thread watcher;

    private LoadProgress(Progress progress, Path sqlFile) {
        this.progress = progress;
        this.sqlFile = sqlFile.toAbsolutePath();
        this.watcher = new Thread(this::watch, "load-progress");
        this.watcher.setDaemon(true);
    }

    /** Reports the load of {@code sqlFile} until closed; {@link Progress#NONE} starts nothing. */
    static LoadProgress watch(Progress progress, String label, Path sqlFile) throws IOException {
        LoadProgress load = new LoadProgress(progress, sqlFile);
        if (progress != Progress.NONE) {
            progress.start(label, Files.size(sqlFile));
            load.watcher.start();
        }
        return load;
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            position().ifPresent(progress::update);
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The read position of the descendant of this process whose standard input is the SQL file. */
    private Optional<Long> position() {
        return ProcessHandle.current().descendants().map(p -> readPosition(p.pid())).flatMap(Optional::stream)
                .findFirst();
    }

    private Optional<Long> readPosition(long pid) {
        try {
            Path stdin = Path.of("/proc", Long.toString(pid), "fd", "0");
            if (!Files.readSymbolicLink(stdin).equals(sqlFile)) {
                return Optional.empty();
            }
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "fdinfo", "0")).stream()
                    .filter(l -> l.startsWith("pos:")).map(l -> Long.parseLong(l.substring(4).trim())).findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // ended meanwhile, or not ours to read
        }
    }

    @Override
    public void close() {
        if (watcher.isAlive()) {
            watcher.interrupt();
            try {
                watcher.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            progress.finish();
        }
    }
}
