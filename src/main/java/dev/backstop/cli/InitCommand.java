package dev.backstop.cli;

import dev.backstop.config.StarterConfig;
import dev.backstop.core.ConfigException;
import dev.backstop.registry.Kinds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backstop init}: writes a commented starter configuration. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a commented starter configuration that validates as is; edit it, then run "
                + "'backstop config check'. Refuses to overwrite an existing file.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:written (or printed with -)",
            "2:the file exists already; nothing written"})
final class InitCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCommand parent;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            defaultValue = "${env:BACKSTOP_CONFIG:-/etc/backstop/backstop.yml}",
            description = "Where to write it (default: ${DEFAULT-VALUE}); '-' prints it.")
    Path config;

    @Override
    public Integer call() throws Exception {
        String text = StarterConfig.text(Kinds.schema());
        if (config.toString().equals("-")) {
            parent.out.print(text);
            return 0;
        }
        if (Files.exists(config)) {
            throw new ConfigException(config + " exists already; backstop init never overwrites a configuration");
        }
        Path dir = config.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try (var ch = Files.newByteChannel(config, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
        parent.out.println("wrote a starter configuration to " + config + "; edit it, then run: backstop config check --config "
                + config);
        return 0;
    }
}
