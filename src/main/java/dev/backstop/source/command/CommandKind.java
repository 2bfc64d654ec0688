package dev.backstop.source.command;

import dev.backstop.config.ConfigOutput;
import dev.backstop.config.Section;
import dev.backstop.config.SourceConfig;
import dev.backstop.core.ByteSize;
import dev.backstop.core.Findings;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.ComponentRestorer;
import dev.backstop.source.RestoreDestination;
import dev.backstop.source.RestoreScratch;
import dev.backstop.source.Restored;
import dev.backstop.source.Source;
import dev.backstop.source.SourceKind;
import dev.backstop.source.StoredComponent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code command} source kind: a command's standard output, such as a package list. It comes
 * back as that text; a restore test decompresses it and compares its size.
 */
public final class CommandKind implements SourceKind {

    private static final Duration TIMEOUT = Duration.ofHours(1);

    @Override
    public String type() {
        return CommandConfig.TYPE;
    }

    @Override
    public List<String> keys() {
        return List.of("command", "timeout");
    }

    @Override
    public SourceConfig read(Section s, String name, ByteSize minSize) {
        List<String> argv = s.has("command") ? s.strings("command") : null;
        if (!s.has("command")) {
            s.missing("command", " (a list: the program and its arguments, run without a shell)");
        } else if (argv != null && argv.isEmpty()) {
            s.problem("command", "must list the program and its arguments, e.g. [dpkg-query, -W]");
        }
        return new CommandConfig(name, minSize, argv == null ? List.of() : argv, s.positiveDuration("timeout", TIMEOUT));
    }

    @Override
    public void print(SourceConfig config, ConfigOutput out) {
        CommandConfig c = (CommandConfig) config;
        out.texts("command", c.command());
        out.duration("timeout", c.timeout());
    }

    @Override
    public Source create(SourceConfig config, ProcessRunner runner) {
        return new CommandSource((CommandConfig) config, runner);
    }

    /** The program is on PATH, as preflight requires. */
    @Override
    public void check(SourceConfig config, Findings findings) {
        findings.error(create(config, new ProcessRunner())::preflight);
    }

    @Override
    public ComponentRestorer restorer() {
        return new ComponentRestorer() {
            @Override
            public Restored test(StoredComponent component, RestoreScratch scratch) throws IOException {
                long raw = component.decompressTo(scratch.directory().resolve(component.name() + ".out"));
                return new Restored("decompressed", raw, null, null, null);
            }

            @Override
            public String restore(StoredComponent component, RestoreDestination destination) throws IOException {
                Path out = destination.directory().resolve(component.name() + ".txt");
                component.decompressTo(out);
                return component.name() + ": output written to " + out;
            }
        };
    }
}
