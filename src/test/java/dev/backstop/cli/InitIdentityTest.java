package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backstop init --age-identity}: a key that Debian's age reads, never written over. */
class InitIdentityTest {

    @TempDir
    Path dir;

    @Test
    @RequiresService(Services.Age.class)
    void init_ageIdentity_writesAPrivateKeyThatAgeReadsAndPrintsItsRecipient() throws Exception {
        // given
        Path key = dir.resolve("etc/age-key.txt");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        // when
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "init", "--age-identity", key.toString());
        int again = Main.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "init", "--age-identity", key.toString());

        // then the printed recipient is the one age derives from the file, which only its owner reads
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Matcher printed = Pattern.compile("recipients: \\[(age1[a-z0-9]+)]").matcher(out.toString(StandardCharsets.UTF_8));
        assertThat(printed.find()).as(out.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(Shell.ok("age-keygen -y '" + key + "'").strip()).isEqualTo(printed.group(1));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(again).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("never overwrites a key");
        assertThat(dir.resolve("etc/backstop.yml")).doesNotExist();
    }
}
