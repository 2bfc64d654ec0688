package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.ConfigException;
import dev.backstop.core.EventLog;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.registry.Kinds;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.DisposableServer;
import dev.backstop.source.ScratchServerDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;
import java.util.Collection;

/**
 * The disposable servers of {@code restore --to-server disposable}: one per source kind that has
 * one, in {@code state_dir/inspect-server/<type>} (apart from restore tests, whose leftovers are
 * removed), started when a dump first needs it and left running after a successful restore, for
 * a person to inspect. {@link #close} stops and removes them, for a restore that failed.
 */
final class InspectionServers implements AutoCloseable {

    private final Map<String, DisposableServer> byType = new LinkedHashMap<>();
    private final Map<String, String> typeOfSource = new HashMap<>();
    private final Map<String, DatabaseServer> started = new HashMap<>();
    private final Set<String> attempted = new HashSet<>();
    private final EventLog log;

    /** @param socket the socket the administrator chose ({@code --socket}), or null for one in the server's directory */
    InspectionServers(BackstopConfig config, Path root, Path socket, EventLog log) {
        this.log = log;
        ProcessRunner runner = new ProcessRunner();
        for (SourceConfig sc : config.sources()) {
            if (!byType.containsKey(sc.type())) {
                Kinds.source(sc.type()).flatMap(k -> k.inspectionServer(sc, root.resolve(sc.type()), runner))
                        .ifPresent(d -> {
                            d.prepareForInspection(socket);
                            byType.put(sc.type(), d);
                        });
            }
            if (byType.containsKey(sc.type())) {
                typeOfSource.put(sc.name(), sc.type());
            }
        }
    }

    /**
     * Refuses to start over a server an earlier restore left running (it holds someone's
     * inspection); removes the directory of one that no longer runs.
     *
     * @param sources the sources whose dumps are to be loaded
     * @throws ConfigException a server of theirs still runs, or {@code --socket} was given for two kinds of server
     */
    void prepare(Collection<String> sources, boolean socketChosen) throws ConfigException, IOException {
        List<String> types = sources.stream().map(typeOfSource::get).filter(t -> t != null).distinct().toList();
        if (socketChosen && types.size() > 1) {
            throw new ConfigException("--socket: the dumps to load need servers of " + types.size() + " kinds ("
                    + String.join(", ", types) + "), which cannot share one socket; restore them one --database at a time");
        }
        for (String type : types) {
            DisposableServer d = byType.get(type);
            Optional<Long> pid = ScratchServerDir.runningPid(d.pidFile(), d.directory());
            if (pid.isPresent()) {
                throw new ConfigException("--to-server disposable: the " + type + " server of an earlier restore still"
                        + " runs in " + d.directory() + " (pid " + pid.get() + "); stop and remove it first: "
                        + stopCommand(d));
            }
            if (Files.exists(d.directory())) {
                new ScratchServerDir(d.directory(), type).delete();
                log.info("restore: removed " + d.directory() + ", left by an earlier restore's server that no longer runs");
            }
        }
    }

    /** The server a dump of this source loads into, started on first use; empty when its kind has none. */
    Optional<DatabaseServer> forSource(String source) {
        String type = typeOfSource.get(source);
        return type == null ? Optional.empty() : Optional.of(new LazyServer(() -> started(type), byType.get(type)));
    }

    private DatabaseServer started(String type) throws IOException, InterruptedException {
        DatabaseServer server = started.get(type);
        if (server == null) {
            attempted.add(type);
            server = byType.get(type).start();
            started.put(type, server);
            log.info("restore: started disposable server " + byType.get(type).version() + " in "
                    + byType.get(type).directory());
        }
        return server;
    }

    /**
     * What a person needs for each server left running: its version, how to connect to each
     * restored database, and how to stop and remove it.
     *
     * @param databases the new database names by source name
     */
    List<String> howTo(Map<String, String> databases) {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, DisposableServer> e : byType.entrySet()) {
            if (!started.containsKey(e.getKey())) {
                continue;
            }
            DisposableServer d = e.getValue();
            lines.add("disposable " + e.getKey() + " server " + d.version() + " left running in " + d.directory()
                    + " (no TCP port; nothing of it touches the production server)");
            databases.forEach((source, db) -> {
                if (e.getKey().equals(typeOfSource.get(source))) {
                    lines.add("  connect: " + d.connectCommand(db));
                }
            });
            lines.add("  stop and remove it: " + stopCommand(d));
        }
        return lines;
    }

    /** One shell line that stops the server by its pid file, waits for its end, and removes its directory. */
    static String stopCommand(DisposableServer d) {
        return "kill $(head -1 " + d.pidFile() + "); while [ -e " + d.pidFile() + " ]; do sleep 1; done; rm -rf "
                + d.directory();
    }

    /** Stops and removes the servers this restore started (or tried to); those of earlier restores stay. */
    @Override
    public void close() throws InterruptedException {
        for (String type : attempted) {
            DisposableServer d = byType.get(type);
            try {
                d.close();
            } catch (IOException e) {
                log.error("restore: cannot remove the disposable server in " + d.directory() + ": " + e.getMessage());
            }
        }
    }
}
