package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarExtractorTest {

    @TempDir
    Path dir;

    private static byte[] tar(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                String name = namesAndContents[i];
                if (name.endsWith("/")) {
                    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_DIR, true);
                    e.setMode(040755);
                    tar.putArchiveEntry(e);
                } else {
                    byte[] data = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                    TarArchiveEntry e = new TarArchiveEntry(name, true);
                    e.setMode(0100640);
                    e.setSize(data.length);
                    tar.putArchiveEntry(e);
                    tar.write(data);
                }
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void extract_countsEntriesAndBytesLikeTheFilesSource() throws Exception {
        byte[] tar = tar("var/www/", "", "var/www/a.txt", "hello", "var/www/b.txt", "hi");

        TarExtractor.Stats stats = TarExtractor.extract(new ByteArrayInputStream(tar), dir.resolve("out"), false);

        assertThat(stats).isEqualTo(new TarExtractor.Stats(3, 7));
        assertThat(dir.resolve("out/var/www/a.txt")).hasContent("hello");
    }

    @Test
    void extract_entryLeavingTheDirectory_isRefused() throws Exception {
        byte[] tar = tar("../escape.txt", "x");

        assertThatThrownBy(() -> TarExtractor.extract(new ByteArrayInputStream(tar), dir.resolve("out"), false))
                .isInstanceOf(IOException.class).hasMessageContaining("outside").hasMessageContaining("../escape.txt");
        assertThat(dir.resolve("escape.txt")).doesNotExist();
    }
}
