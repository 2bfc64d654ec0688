package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.EventLog;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.registry.Kinds;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.DisposableServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The disposable servers of one restore test, under {@code state_dir/restore-server/<type>}: one
 * per source kind that has one, started when a dump first needs it (a backup of files alone
 * starts none), stopped and deleted at the end. What a killed earlier test left is removed first.
 */
final class DisposableServers implements AutoCloseable {

    private final Map<String, DisposableServer> byType = new LinkedHashMap<>();
    private final Map<String, String> typeOfSource = new HashMap<>();
    private final Map<String, DatabaseServer> started = new HashMap<>();
    private final Map<String, IOException> failed = new HashMap<>();
    private final EventLog log;

    DisposableServers(BackstopConfig config, Path root, EventLog log) {
        this.log = log;
        ProcessRunner runner = new ProcessRunner();
        for (SourceConfig sc : config.sources()) {
            Kinds.source(sc.type()).flatMap(k -> byType.containsKey(sc.type()) ? Optional.of(byType.get(sc.type()))
                    : k.disposableServer(sc, root.resolve(sc.type()), runner)).ifPresent(d -> {
                        byType.put(sc.type(), d);
                        typeOfSource.put(sc.name(), sc.type());
                    });
        }
    }

    /** Stops and removes the servers a killed earlier test left; returns what was removed. */
    List<String> removeLeftovers() throws InterruptedException {
        List<String> removed = new ArrayList<>();
        for (DisposableServer d : byType.values()) {
            try {
                d.removeLeftover().ifPresent(line -> {
                    log.warn("restore-test: removed " + line + " left by an earlier, interrupted restore test");
                    removed.add(line);
                });
            } catch (IOException e) {
                log.warn("restore-test: cannot remove a disposable server left by an earlier test: " + e.getMessage());
            }
        }
        return removed;
    }

    /** The server a dump of this source loads into, started on first use; empty when its kind has none. */
    Optional<DatabaseServer> forSource(String source) {
        String type = typeOfSource.get(source);
        return type == null ? Optional.empty() : Optional.of(new LazyServer(() -> started(type), byType.get(type)));
    }

    private DatabaseServer started(String type) throws IOException, InterruptedException {
        DatabaseServer server = started.get(type);
        if (failed.containsKey(type)) {
            throw failed.get(type); // tried once: the cleanup after a failed start does not try again
        }
        if (server == null) {
            DisposableServer d = byType.get(type);
            long t0 = System.nanoTime();
            try {
                server = d.start();
            } catch (IOException e) {
                failed.put(type, e);
                throw e;
            }
            started.put(type, server);
            log.info("restore-test: started disposable server " + d.version() + " in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
        }
        return server;
    }

    /** The servers started so far, each as its kind and version: {@code mysql: disposable mariadbd Ver 10.11.6-MariaDB ...}. */
    List<String> startedServers() {
        return byType.entrySet().stream().filter(e -> started.containsKey(e.getKey()))
                .map(e -> e.getKey() + ": disposable " + e.getValue().version()).toList();
    }

    @Override
    public void close() throws InterruptedException {
        for (DisposableServer d : byType.values()) {
            try {
                d.close();
            } catch (IOException e) {
                log.error("restore-test: cannot remove a disposable server (the next restore test removes it): "
                        + e.getMessage());
            }
        }
    }
}
