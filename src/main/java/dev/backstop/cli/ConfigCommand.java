package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.config.ConfigPrinter;
import dev.backstop.registry.Kinds;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            description = "Validate the configuration and print it resolved, defaults filled in, secrets masked. "
                    + "Exit 0 when valid, 2 with every problem listed when not.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:valid",
                "2:invalid; every problem is listed with file, line and key"})
    static final class Check implements Callable<Integer> {

        @ParentCommand
        ConfigCommand config;

        @Mixin
        CommonOptions options;

        @Mixin
        JsonOption json;

        @Override
        public Integer call() throws Exception {
            BackstopConfig loaded = ConfigLoader.load(options.config, Kinds.schema());
            if (json.requested()) {
                json.print(config.parent.out, java.util.Map.of("outcome", "valid", "exit_code", 0,
                        "config", ConfigPrinter.render(loaded, Kinds.schema())));
            } else {
                config.parent.out.print(ConfigPrinter.render(loaded, Kinds.schema()));
                config.parent.out.println("# " + options.config + ": valid");
            }
            return 0;
        }
    }
}
