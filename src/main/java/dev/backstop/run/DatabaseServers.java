package dev.backstop.run;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.SourceConfig;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.registry.Kinds;
import dev.backstop.source.DatabaseServer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The database servers that restore-test and restore load dumps into: those of the configured sources. */
final class DatabaseServers {

    private DatabaseServers() {
    }

    /** The server of every database source, by source name, in the order of the configuration. */
    static Map<String, DatabaseServer> of(BackstopConfig config, Path scratchDir) {
        ProcessRunner runner = new ProcessRunner();
        Map<String, DatabaseServer> servers = new LinkedHashMap<>();
        for (SourceConfig sc : config.sources()) {
            Kinds.server(sc, runner, scratchDir).ifPresent(s -> servers.put(sc.name(), s));
        }
        return servers;
    }
}
