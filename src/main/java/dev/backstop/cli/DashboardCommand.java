package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.config.TargetConfig;
import dev.backstop.core.ConfigException;
import dev.backstop.core.Durations;
import dev.backstop.core.EventLog;
import dev.backstop.core.Version;
import dev.backstop.dashboard.Dashboard;
import dev.backstop.dashboard.DashboardServer;
import dev.backstop.exec.SecretFiles;
import dev.backstop.registry.Kinds;
import dev.backstop.status.HealthPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backstop dashboard}: serves the read-only page and /metrics until stopped. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Serve a read-only web page of the history (health, success rates, sizes with anomalies, targets,"
                + " verify and restore-test results) and /metrics in the Prometheus format, until SIGINT or SIGTERM."
                + " Listens on loopback unless given a token.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped normally",
            "2:usage or configuration error; cannot listen (address in use, or not loopback without a token)",
            "130:stopped by SIGINT",
            "143:stopped by SIGTERM"})
final class DashboardCommand implements Callable<Integer> {

    static final String TOKEN_ENV = "BACKSTOP_DASHBOARD_TOKEN";

    @ParentCommand
    BackstopCommand parent;

    @Mixin
    CommonOptions options;

    // every command takes --json; this one has no JSON result and ignores it
    @Option(names = "--json", description = JsonOption.DESCRIPTION)
    boolean json;

    @Option(names = "--listen", paramLabel = "ADDRESS:PORT", defaultValue = "127.0.0.1:8080",
            description = "Where to listen (default: ${DEFAULT-VALUE}). Any address but loopback needs a token.")
    String listen;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File (mode 0600) holding the token clients must send (Authorization: Bearer, or as the"
                    + " password of HTTP Basic). Or set " + TOKEN_ENV + ".")
    Path tokenFile;

    @Option(names = "--max-age", paramLabel = "DURATION", defaultValue = "25h",
            description = "The RPO of the health banner, as in status (default: ${DEFAULT-VALUE}).")
    String maxAge;

    @Option(names = "--max-restore-test-age", paramLabel = "DURATION", defaultValue = "8d",
            description = "As in status (default: ${DEFAULT-VALUE}).")
    String maxRestoreTestAge;

    @Override
    public Integer call() throws Exception {
        BackstopConfig config = ConfigLoader.load(options.config, Kinds.schema());
        HealthPolicy policy;
        try {
            policy = new HealthPolicy(Durations.parse(maxAge), Durations.parse(maxRestoreTestAge), null);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        Dashboard dashboard = new Dashboard(config.historyFile(), new Dashboard.Settings(config.host(), Version.get(),
                config.targets().stream().map(TargetConfig::name).toList(), policy, config::anomalyFor, () -> {
                    try {
                        return LogArchives.states(config);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e.getMessage(), e);
                    }
                }, (source, since) -> {
                    try {
                        return LogArchives.recoveryPoints(config, source, since);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e.getMessage(), e);
                    }
                }), Clock.systemUTC());
        DashboardServer server = DashboardServer.start(listen, token(), dashboard);
        EventLog log = new EventLog(parent.err, Clock.systemUTC());
        var a = server.address();
        String host = a.getAddress().getHostAddress();
        log.info("dashboard of " + config.host() + " on http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + a.getPort() + "/ (metrics on /metrics); stop with Ctrl-C or SIGTERM");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "dashboard-stop"));
        stopped.await();
        return 0;
    }

    private String token() throws Exception {
        if (tokenFile != null) {
            SecretFiles.requirePrivate(tokenFile, "--token-file");
            return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        }
        String env = System.getenv(TOKEN_ENV);
        return env == null || env.isBlank() ? null : env.strip();
    }
}
