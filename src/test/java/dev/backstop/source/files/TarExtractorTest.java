package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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

        assertThat(stats).isEqualTo(new TarExtractor.Stats(3, 7, Path.of("var/www"), 2));
        assertThat(dir.resolve("out/var/www/a.txt")).hasContent("hello");
    }

    @Test
    void extract_commonDirectory_isTheDeepestThatHoldsEveryEntry() throws Exception {
        assertThat(common(tar("srv/a/", "", "srv/a/x", "1", "srv/b/", "", "srv/b/y", "2"))).isEqualTo(Path.of("srv"));
        assertThat(common(tar("etc/hosts", "127.0.0.1 localhost"))).isEqualTo(Path.of("etc"));
        assertThat(common(tar("var/www/", "", "etc/nginx/", ""))).isEqualTo(Path.of(""));
    }

    private Path common(byte[] tar) throws Exception {
        return TarExtractor.extract(new ByteArrayInputStream(tar), Files.createTempDirectory(dir, "out"), false).common();
    }

    @Test
    void extract_entryLeavingTheDirectory_isRefused() throws Exception {
        byte[] tar = tar("../escape.txt", "x");

        assertThatThrownBy(() -> TarExtractor.extract(new ByteArrayInputStream(tar), dir.resolve("out"), false))
                .isInstanceOf(IOException.class).hasMessageContaining("outside").hasMessageContaining("../escape.txt");
        assertThat(dir.resolve("escape.txt")).doesNotExist();
    }

    @Test
    void extract_gnuTarArchiveWithNamesThatAreNotUtf8_restoresTheirBytes() throws Exception {
        // given: an archive made by GNU tar alone, which writes names as raw bytes
        Path data = Files.createDirectories(dir.resolve("data"));
        RawTree.create(data, RawTree.trickyEntries());
        Path archive = dir.resolve("gnu.tar");
        GnuTar.run(List.of("tar", "--format=posix", "-cf", archive.toString(), "-C", dir.toString(), "data"));

        // when
        try (InputStream in = Files.newInputStream(archive)) {
            TarExtractor.extract(in, dir.resolve("out"), false);
        }

        // then
        assertThat(RawTree.of(dir.resolve("out/data"))).isEqualTo(RawTree.of(data));
    }

    @Test
    void extract_directoryAlreadyThere_getsTheModeAndTimeOfItsEntryAgain() throws Exception {
        // given: a directory extracted once, whose mode and time then changed (as an earlier archive of a chain leaves them)
        byte[] tar = tar("d/", "", "d/a.txt", "x");
        TarExtractor.extract(new ByteArrayInputStream(tar), dir.resolve("out"), false);
        Path d = dir.resolve("out/d");
        FileTime recorded = Files.getLastModifiedTime(d);
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
        Files.setLastModifiedTime(d, FileTime.fromMillis(0));

        // when: an archive lists it again
        TarExtractor.extract(new ByteArrayInputStream(tar), dir.resolve("out"), false);

        // then: what its entry records wins; a directory left as recorded is not set again, one changed is
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).isEqualTo("rwxr-xr-x");
        assertThat(Files.getLastModifiedTime(d)).isEqualTo(recorded);
    }

    @Test
    void extract_withOwners_restoresSetIdAndStickyBitsAsGnuTarAsRootDoes() throws Exception {
        // given: a setgid shared directory, a sticky one and a setuid program, owned by nobody
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (String[] entry : new String[][] {{"shared/", "42775"}, {"spool/", "41777"}, {"shared/tool", "104755"}}) {
                boolean directory = entry[0].endsWith("/");
                TarArchiveEntry e = directory ? new TarArchiveEntry(entry[0], TarConstants.LF_DIR, true)
                        : new TarArchiveEntry(entry[0], true);
                e.setMode(Integer.parseInt(entry[1], 8));
                e.setIds(65534, 65534);
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            }
        }
        boolean root = "root".equals(System.getProperty("user.name"));

        // when: restored with owners (root) and without
        TarExtractor.extract(new ByteArrayInputStream(bytes.toByteArray()), dir.resolve("owners"), root);
        TarExtractor.extract(new ByteArrayInputStream(bytes.toByteArray()), dir.resolve("plain"), false);

        // then: with owners every bit comes back, after the change of owner that clears set-id bits
        if (root) {
            assertThat(mode(dir.resolve("owners/shared"))).isEqualTo(02775);
            assertThat(mode(dir.resolve("owners/spool"))).isEqualTo(01777);
            assertThat(mode(dir.resolve("owners/shared/tool"))).isEqualTo(04755);
            assertThat(Files.getAttribute(dir.resolve("owners/shared/tool"), "unix:uid")).isEqualTo(65534);
        }
        assertThat(mode(dir.resolve("plain/shared"))).isEqualTo(0775);
        assertThat(mode(dir.resolve("plain/shared/tool"))).isEqualTo(0755);
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS) & 07777;
    }
}
