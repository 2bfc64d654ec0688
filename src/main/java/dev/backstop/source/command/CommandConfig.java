package dev.backstop.source.command;

import dev.backstop.config.SourceConfig;
import dev.backstop.core.ByteSize;
import java.time.Duration;
import java.util.List;

/** {@code type: command}: the standard output of a command, run without a shell. */
public record CommandConfig(String name, ByteSize minSize, List<String> command, Duration timeout)
        implements SourceConfig {

    public static final String TYPE = "command";

    public CommandConfig {
        command = List.copyOf(command);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
