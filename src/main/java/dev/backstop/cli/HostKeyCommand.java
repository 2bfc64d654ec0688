package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import dev.backstop.config.ConfigLoader;
import dev.backstop.config.TargetConfig;
import dev.backstop.core.ConfigException;
import dev.backstop.registry.Kinds;
import dev.backstop.target.sftp.HostKeyProbe;
import dev.backstop.target.sftp.SftpConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code backstop hostkey --target NAME}: shows an SFTP server's host key for pinning; accepts nothing. */
@Command(name = "hostkey", mixinStandardHelpOptions = true,
        description = "Print the host key that an sftp target's server offers, as a known_hosts line, with its SHA256 "
                + "fingerprint. Nothing is accepted or written: compare the fingerprint with the server's own "
                + "(ssh-keygen -lf on the server), then add the line to the target's known_hosts file.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the key was printed, pinned or not (the second line says which)",
            "2:usage or configuration error, or the target is not an sftp target",
            "6:the server could not be reached or offered no host key"})
final class HostKeyCommand implements Callable<Integer> {

    @ParentCommand
    BackstopCommand parent;

    @Mixin
    CommonOptions options;

    @Mixin
    JsonOption json;

    @Option(names = "--target", paramLabel = "NAME", required = true, description = "The sftp target.")
    String target;

    @Override
    public Integer call() throws Exception {
        BackstopConfig config = ConfigLoader.load(options.config, Kinds.schema());
        TargetConfig tc = config.targets().stream().filter(t -> t.name().equals(target)).findFirst()
                .orElseThrow(() -> new ConfigException("--target " + target + ": no such target in " + options.config
                        + " (known: " + String.join(", ", config.targets().stream().map(TargetConfig::name).toList()) + ")"));
        if (!(tc instanceof SftpConfig sftp)) {
            throw new ConfigException("--target " + target + " is a " + tc.type() + " target; host keys belong to sftp targets");
        }
        HostKeyProbe.Offered key = HostKeyProbe.fetch(sftp);
        if (json.requested()) {
            json.print(parent.out, key);
        } else {
            parent.out.println(key.knownHostsLine());
            parent.out.println("target " + target + ": " + key.address() + " offers " + key.type() + " " + key.fingerprint()
                    + "; " + switch (key.pinned()) {
                        case YES -> key.detail() + ", nothing to do";
                        case CHANGED -> "NOT the pinned key: " + key.detail();
                        case NO -> "not pinned (" + key.detail() + "); nothing was accepted. If the fingerprint is the "
                                + "server's, append the line above to " + sftp.knownHosts();
                    });
        }
        return 0;
    }
}
