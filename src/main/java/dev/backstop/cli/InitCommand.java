package dev.backstop.cli;

import dev.backstop.config.StarterConfig;
import dev.backstop.core.ConfigException;
import dev.backstop.registry.Kinds;
import dev.backstop.encryption.AgeIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backstop init}: writes a commented starter configuration, or a new age identity. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a commented starter configuration that validates as is; edit it, then run "
                + "'backstop config check'. Refuses to overwrite an existing file. With --age-identity, writes"
                + " only a new age identity (secret key) and prints its recipient for encryption: recipients.",
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

    @Option(names = "--age-identity", paramLabel = "FILE",
            description = "Generate an age identity into FILE (mode 0600, as age-keygen -o writes it) and print"
                    + " its public key; the configuration is not written.")
    Path ageIdentity;

    @Override
    public Integer call() throws Exception {
        if (ageIdentity != null) {
            return writeIdentity();
        }
        String text = StarterConfig.text(Kinds.schema());
        if (config.toString().equals("-")) {
            parent.out.print(text);
            return 0;
        }
        if (Files.exists(config)) {
            throw new ConfigException(config + " exists already; backstop init never overwrites a configuration");
        }
        writePrivate(config, text);
        parent.out.println("wrote a starter configuration to " + config + "; edit it, then run: backstop config check --config "
                + config);
        return 0;
    }

    private int writeIdentity() throws Exception {
        if (Files.exists(ageIdentity)) {
            throw new ConfigException(ageIdentity + " exists already; backstop init never overwrites a key, since"
                    + " the backups encrypted to it could no longer be read");
        }
        AgeIdentity.Generated generated = AgeIdentity.generate();
        writePrivate(ageIdentity, generated.fileContent());
        parent.out.println("wrote a new age identity to " + ageIdentity + " (mode 0600); keep a copy off this server"
                + " too (and on paper): without it no encrypted backup can be read");
        parent.out.println("its public key, for the configuration:");
        parent.out.println("encryption:");
        parent.out.println("  recipients: [" + generated.recipient() + "]");
        parent.out.println("  identity_file: " + ageIdentity.toAbsolutePath());
        return 0;
    }

    /** Creates {@code file} with mode 0600; never replaces one. */
    private static void writePrivate(Path file, String text) throws java.io.IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (var ch = Files.newByteChannel(file, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        }
    }

}
