package dev.backstop.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.PreflightException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {

    @TempDir
    Path dir;

    @Test
    void create_content_isOwnerOnlyAndDeletedOnClose() throws Exception {
        Path path;
        try (SecretFile file = SecretFile.create(dir, "pw-", ".cnf", "password=\"x\"\n")) {
            path = file.path();

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-------");
            assertThat(Files.readString(path)).isEqualTo("password=\"x\"\n");
        }
        assertThat(path).doesNotExist();
    }

    @Test
    void requirePrivate_groupOrOthersMayRead_refusedWithModeAndFix() throws Exception {
        for (String mode : new String[] {"rw-r--r--", "rw-r-----", "rw----rw-", "rw--w----"}) {
            Path file = privateFile("x-" + mode.replace('-', '_'), mode);

            assertThatThrownBy(() -> SecretFiles.requirePrivate(file, "source appdb: defaults_file"))
                    .as(mode)
                    .isInstanceOf(PreflightException.class)
                    .hasMessageContaining("source appdb: defaults_file " + file)
                    .hasMessageContaining("(" + mode + ")")
                    .hasMessageContaining("chmod 600 " + file);
        }
    }

    @Test
    void requirePrivate_ownerOnly_accepted() throws Exception {
        assertThatCode(() -> SecretFiles.requirePrivate(privateFile("a", "rw-------"), "f")).doesNotThrowAnyException();
        assertThatCode(() -> SecretFiles.requirePrivate(privateFile("b", "r--------"), "f")).doesNotThrowAnyException();
    }

    @Test
    void requirePrivate_mode0644_messageShowsOctalMode() throws Exception {
        Path file = privateFile("c", "rw-r--r--");

        assertThatThrownBy(() -> SecretFiles.requirePrivate(file, "f")).hasMessageContaining("mode 0644");
    }

    @Test
    void requirePrivate_missingFile_refused() {
        assertThatThrownBy(() -> SecretFiles.requirePrivate(dir.resolve("absent.cnf"), "source appdb: defaults_file"))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("absent.cnf does not exist");
    }

    private Path privateFile(String name, String mode) throws Exception {
        Path file = Files.writeString(dir.resolve(name), "[client]\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
