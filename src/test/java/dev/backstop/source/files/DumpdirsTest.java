package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpdirsTest {

    @TempDir
    Path dir;

    /** A dumpdir from "Yname" records, each ended by NUL, the whole ended by an empty record. */
    private static byte[] dumpdir(String... records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String r : records) {
            bytes.writeBytes(r.getBytes(StandardCharsets.UTF_8));
            bytes.write(0);
        }
        bytes.write(0);
        return bytes.toByteArray();
    }

    @Test
    void purge_listingTheDirectory_deletesWhatIsNotListedAndWhatChangedKind() throws Exception {
        Files.writeString(dir.resolve("kept"), "k");
        Files.writeString(dir.resolve("gone"), "g");
        Files.createDirectories(dir.resolve("now-a-file/sub"));
        Files.writeString(dir.resolve("now-a-dir"), "f");

        boolean deleted = Dumpdirs.purge(dir, dumpdir("Nkept", "Ynow-a-file", "Dnow-a-dir"));

        assertThat(deleted).isTrue();
        assertThat(dir.resolve("kept")).exists();
        assertThat(dir.resolve("gone")).doesNotExist();
        assertThat(dir.resolve("now-a-file")).doesNotExist();
        assertThat(dir.resolve("now-a-dir")).doesNotExist();
    }

    @Test
    void purge_againstTheDumpdirBefore_deletesWhatNoLongerListedOrChangedKindWithoutListing() throws Exception {
        // given: what the archive before left, and a name it never listed (proof that the directory is not read)
        Files.writeString(dir.resolve("kept"), "k");
        Files.writeString(dir.resolve("gone"), "g");
        Files.createDirectories(dir.resolve("swapped/sub"));
        Files.writeString(dir.resolve("unlisted"), "u");
        byte[] before = dumpdir("Ngone", "Ykept", "Dswapped", "Nexcluded-never-there");

        // when: the next archive lists 'kept' unchanged, 'swapped' as a file, and no longer 'gone'
        boolean deleted = Dumpdirs.purge(dir, before, dumpdir("Nkept", "Yswapped"));

        // then
        assertThat(deleted).isTrue();
        assertThat(dir.resolve("kept")).exists();
        assertThat(dir.resolve("gone")).doesNotExist();
        assertThat(dir.resolve("swapped")).doesNotExist();
        assertThat(dir.resolve("unlisted")).exists();
    }

    @Test
    void purge_sameNamesAsBefore_onlyFlagsOfFilesChanged_deletesNothing() throws Exception {
        Files.writeString(dir.resolve("a"), "a");
        Files.createDirectories(dir.resolve("d"));

        boolean deleted = Dumpdirs.purge(dir, dumpdir("Na", "Dd"), dumpdir("Ya", "Dd"));

        assertThat(deleted).isFalse();
        assertThat(dir.resolve("a")).exists();
        assertThat(dir.resolve("d")).isDirectory();
    }

    @Test
    void purge_sameNamesAsBefore_aFileNowADirectory_deletesTheFile() throws Exception {
        Files.writeString(dir.resolve("a"), "a");

        boolean deleted = Dumpdirs.purge(dir, dumpdir("Ya"), dumpdir("Da"));

        assertThat(deleted).isTrue();
        assertThat(dir.resolve("a")).doesNotExist();
    }
}
