package dev.backstop.run;

import dev.backstop.source.DatabaseServer;
import dev.backstop.source.DisposableServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;

/** A disposable server's {@link DatabaseServer}, started when first used, so that a test that loads no dump starts none. */
final class LazyServer implements DatabaseServer {

    /** Starts the server, or returns the one already started. */
    interface Start {
        DatabaseServer get() throws IOException, InterruptedException;
    }

    private final Start start;
    private final DisposableServer disposable;

    LazyServer(Start start, DisposableServer disposable) {
        this.start = start;
        this.disposable = disposable;
    }

    @Override
    public void requireCanLoad(Path sqlFile) throws IOException, InterruptedException {
        start.get();
        disposable.requireCanLoad(sqlFile);
    }

    @Override
    public String client() throws IOException {
        try {
            return start.get().client();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while starting the server");
        }
    }

    @Override
    public List<String> databases(String prefix) throws IOException, InterruptedException {
        return start.get().databases(prefix);
    }

    @Override
    public boolean exists(String database) throws IOException, InterruptedException {
        return start.get().exists(database);
    }

    @Override
    public void create(String database) throws IOException, InterruptedException {
        start.get().create(database);
    }

    @Override
    public void drop(String database) throws IOException, InterruptedException {
        start.get().drop(database);
    }

    @Override
    public void load(String database, Path sqlFile) throws IOException, InterruptedException {
        start.get().load(database, sqlFile);
    }

    @Override
    public void dump(String database, Path sqlFile) throws IOException, InterruptedException {
        start.get().dump(database, sqlFile);
    }

    @Override
    public SortedMap<String, Long> countRows(String database) throws IOException, InterruptedException {
        return start.get().countRows(database);
    }

    @Override
    public String createPrivilegeHint(String database) {
        return "a disposable server is administered by backstop itself";
    }
}
