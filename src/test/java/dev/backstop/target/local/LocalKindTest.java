package dev.backstop.target.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.Findings;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code config check} finds in a local target: a directory that cannot be made, judged without making it. */
class LocalKindTest {

    @TempDir
    Path dir;

    @Test
    void check_pathBelowARegularFile_errorNamingTheTarget() throws Exception {
        Path file = Files.writeString(dir.resolve("disk"), "not a directory");
        Path root = file.resolve("backups");

        Findings findings = check(root);

        assertThat(findings.errors()).containsExactly("target 'local' (local) at " + root + ": cannot be created: "
                + file + " is not a directory");
    }

    @Test
    void check_missingBelowAWritableDirectory_nothingFoundAndNothingCreated() {
        Path root = dir.resolve("a/b/backups");

        Findings findings = check(root);

        assertThat(findings.errors()).isEmpty();
        assertThat(dir.resolve("a")).doesNotExist();
    }

    private static Findings check(Path root) {
        Findings findings = new Findings();
        new LocalKind().check(new LocalConfig("local", root, RetentionPolicy.keepEverything()), findings);
        return findings;
    }
}
