package dev.backstop.source.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.SourceConfig;
import dev.backstop.core.ByteSize;
import dev.backstop.source.RestoreContract;
import dev.backstop.source.RestoreFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The restore contract on a command's output; it records nothing but its size. */
@RestoreFixture(CommandKind.class)
class CommandRestorerTest extends RestoreContract {

    @Override
    protected SourceConfig createSource() {
        return new CommandConfig("packages", ByteSize.ofBytes(1), List.of("seq", "1", "20000"), Duration.ofSeconds(30));
    }

    @Override
    protected void assertRestoredInto(Path directory, Dump dump) throws Exception {
        Path restored = directory.resolve(dump.entry().name() + ".txt");
        assertThat(restored).hasBinaryContent(dump.content());
        assertThat(Files.readString(restored)).startsWith("1\n2\n3\n").endsWith("\n19999\n20000\n");
    }
}
