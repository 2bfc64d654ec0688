package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.config.SourceConfig;
import dev.backstop.core.ByteSize;
import dev.backstop.core.ComponentEntry;
import dev.backstop.core.ComponentIncrement;
import dev.backstop.core.Progress;
import dev.backstop.source.RestoreContract;
import dev.backstop.source.RestoreDestination;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.RestoreFixture;
import dev.backstop.source.RestoreScratch;
import dev.backstop.source.StoredComponent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The restore contract on a tree written for the test: directories, files large and empty, a link,
 * and names that are not UTF-8 beside the names of their escaped forms.
 */
@RestoreFixture(FilesKind.class)
class FilesRestorerTest extends RestoreContract {

    private Path data;

    @Override
    protected SourceConfig createSource() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("readme.txt"), "restore me\n");
        Files.write(data.resolve("empty"), new byte[0]);
        Files.createDirectories(data.resolve("cache/none"));
        byte[] blob = new byte[300 * 1024];
        new Random(11).nextBytes(blob);
        Files.write(Files.createDirectories(data.resolve("sub/deeper")).resolve("blob.bin"), blob);
        Files.writeString(data.resolve("sub/ünïcødé name.txt"), "ü\n");
        Files.createSymbolicLink(data.resolve("link"), Path.of("readme.txt"));
        RawTree.create(Files.createDirectories(data.resolve("raw")), RawTree.trickyEntries());
        return new FilesConfig("www", ByteSize.ofBytes(1), List.of(data), List.of());
    }

    @Override
    protected void assertRestoredInto(Path directory, Dump dump) throws Exception {
        // the tree below <directory>/<source>, at its path without the leading slash
        Path restored = directory.resolve(dump.entry().name()).resolve(data.toString().substring(1));
        assertThat(RawTree.of(restored)).isEqualTo(RawTree.of(data)).hasSize(10 + RawTree.trickyEntries().size());
    }

    @Test
    void restore_chainWhoseIncrementIsNotATarArchive_failsNamingThatArchiveAndItsBackup() throws Exception {
        // given: a full, and an "increment" whose bytes decompress but are no tar archive
        StoredComponent full = downloaded();
        byte[] noise = new byte[8192];
        new Random(7).nextBytes(noise);
        Path damaged = Files.createTempDirectory(dir, "damaged-").resolve("www.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(damaged))) {
            out.write(noise);
        }
        ComponentEntry f = full.entry();
        ComponentEntry increment = new ComponentEntry(f.name(), f.type(), f.file(), "gzip", Files.size(damaged),
                noise.length, "0".repeat(64), 0, f.facts(), null, new ComponentIncrement(1, "20261201T020000Z",
                "20261201T020000Z"));
        StoredComponent chain = new StoredComponent(increment, damaged, "20261202T020000Z",
                List.of(new StoredComponent(f, full.file(), "20261201T020000Z")));
        Path to = Files.createDirectories(dir.resolve("chain"));

        // when / then: the restore and the restore test both say which archive of the chain it is
        assertThatThrownBy(() -> new FilesKind().restorer().restore(chain, new RestoreDestination(to,
                Files.createTempDirectory(dir, "scratch-"), null, null, false, false, Progress.NONE, false)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("www.tar.gz of backup 20261202T020000Z, archive 2 of the chain of 2,"
                        + " cannot be extracted: ");
        Path testScratch = Files.createTempDirectory(dir, "test-scratch-");
        RestoreScratch scratch = new RestoreScratch() {
            @Override
            public Path directory() {
                return testScratch;
            }

            @Override
            public DatabaseServer server() {
                throw new UnsupportedOperationException("a files component needs no server");
            }

            @Override
            public String database() {
                throw new UnsupportedOperationException("a files component needs no database");
            }
        };
        assertThatThrownBy(() -> new FilesKind().restorer().test(chain, scratch))
                .isInstanceOf(IOException.class).hasMessageContaining("backup 20261202T020000Z, archive 2");
    }

    @Test
    void restore_stripSourcePath_putsTheTreeDirectlyBelowTheComponentsDirectory() throws Exception {
        // given
        Path to = Files.createDirectories(dir.resolve("stripped"));

        // when
        String line = new FilesKind().restorer().restore(downloaded(), new RestoreDestination(to,
                Files.createTempDirectory(dir, "scratch-"), null, null, false, false, Progress.NONE, true));

        // then the source's path is left out, and nothing else is there
        assertThat(RawTree.of(to.resolve("www"))).isEqualTo(RawTree.of(data));
        assertThat(to.resolve("www/readme.txt")).hasContent("restore me");
        try (var left = Files.list(to)) {
            assertThat(left.map(p -> p.getFileName().toString()).toList()).containsExactly("www");
        }
        assertThat(line).isEqualTo("www: " + (10 + RawTree.trickyEntries().size() + 1) + " entries extracted into "
                + to.resolve("www") + ", relative to " + data + " (--strip-source-path)");
    }
}
