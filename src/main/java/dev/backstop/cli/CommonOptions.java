package dev.backstop.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command takes. */
final class CommonOptions {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            defaultValue = "${env:BACKSTOP_CONFIG:-/etc/backstop/backstop.yml}",
            description = "Configuration file (default: ${DEFAULT-VALUE}; env BACKSTOP_CONFIG).")
    Path config;
}
