package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.config.ConfigPrinter;
import dev.backstop.core.EventLog;
import dev.backstop.registry.Kinds;
import dev.backstop.run.ConfigCheck;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backstop config}: commands about the configuration. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with the configuration.",
        subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Runnable {

    @ParentCommand
    BackstopCommand parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(parent.out);
    }

    /** {@code backstop config check}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {
                "Validate the configuration, print it resolved (defaults filled in, secrets masked), and run "
                        + "every check of a run that needs no network: the state directory is writable or can be "
                        + "created; dump tools are on PATH; credential files (defaults_file, passfile, "
                        + "credentials_file, identity, passphrase_file, password_file) exist and are private (0600); "
                        + "password variables are set; the SSH key loads; known_hosts exists; files paths and "
                        + "SQLite databases exist; local target directories are writable or can be created.",
                "Each problem is reported on standard error in the words the run would use, all at once. What "
                        + "only restore tests and restores need (psql for a postgres source) is a warning. Run it "
                        + "as the user and with the environment of the scheduled run (the EnvironmentFile of the "
                        + "systemd unit), since both decide what the run can read.",
                "With --connect it also reaches what passed: each database source logs in as its dump will "
                        + "(mysql: and its grants are checked), each target runs the run's preflight, retried as a "
                        + "run retries it (connect, pinned host key, login, a probe file written, renamed and "
                        + "deleted, free space)."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:valid; warnings, if any, are listed",
                "2:invalid; every problem is listed: with file, line and key when the file cannot be read, "
                        + "otherwise as the run would report it"})
    static final class Check implements Callable<Integer> {

        @ParentCommand
        ConfigCommand config;

        @Mixin
        CommonOptions options;

        @Mixin
        JsonOption json;

        @Option(names = "--connect", description = "Also log in to every database source and run every target's "
                + "preflight, as a run does.")
        boolean connect;

        @Override
        public Integer call() throws Exception {
            BackstopConfig loaded = ConfigLoader.load(options.config, Kinds.schema());
            ConfigCheck.Report report = connect
                    ? ConfigCheck.connecting(loaded, new EventLog(config.parent.err, Clock.systemUTC()))
                    : ConfigCheck.offline(loaded);
            String resolved = ConfigPrinter.render(loaded, Kinds.schema());
            if (json.requested()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("outcome", report.valid() ? "valid" : "invalid");
                result.put("exit_code", report.exitCode());
                result.put("errors", report.errors());
                result.put("warnings", report.warnings());
                result.put("config", resolved);
                json.print(config.parent.out, result);
                return report.exitCode();
            }
            config.parent.out.print(resolved);
            // as ExitCodes prints a failure: a tool's stderr tail on indented lines below
            report.warnings().forEach(w -> config.parent.err.println("backstop: warning: " + w.replace("\n", "\n  ")));
            report.errors().forEach(e -> config.parent.err.println("backstop: " + e.replace("\n", "\n  ")));
            config.parent.out.println("# " + options.config + ": " + (report.valid() ? "valid" : "invalid, "
                    + report.errors().size() + " problem(s) that a run would refuse (on standard error)")
                    + (report.warnings().isEmpty() ? "" : ", " + report.warnings().size() + " warning(s)"));
            return report.exitCode();
        }
    }
}
