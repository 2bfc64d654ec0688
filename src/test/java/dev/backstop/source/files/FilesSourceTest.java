package dev.backstop.source.files;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ByteSize;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts.FileNote;
import dev.backstop.core.SourceFacts;
import dev.backstop.source.SourceContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesSourceTest {

    private static final FileTime MTIME = FileTime.from(Instant.parse("2021-03-04T05:06:07Z"));

    @TempDir
    Path tmp;
    Path data;
    Path archive;
    Path restored;
    final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        data = Files.createDirectories(tmp.resolve("data"));
        archive = tmp.resolve("out.tar");
        restored = Files.createDirectories(tmp.resolve("restored"));
    }

    @Test
    void dump_regularFilesAndDirectories_gnuTarRestoresContentModesOwnersAndTimes() throws Exception {
        // given
        Path sub = Files.createDirectories(data.resolve("sub"));
        Path file = write(sub.resolve("config.php"), "<?php return [];\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Files.setAttribute(file, "unix:uid", 1234, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(file, "unix:gid", 5678, LinkOption.NOFOLLOW_LINKS);
        Files.setLastModifiedTime(file, MTIME);
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createDirectories(data.resolve("empty"));

        // when
        SourceFacts facts = dump(List.of(data), List.of());

        // then
        GnuTar.extract(archive, restored);
        Path back = inRestore(file);
        assertThat(Files.readString(back)).isEqualTo("<?php return [];\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(back))).isEqualTo("rw-r-----");
        assertThat(Files.getAttribute(back, "unix:uid")).isEqualTo(1234);
        assertThat(Files.getAttribute(back, "unix:gid")).isEqualTo(5678);
        assertThat(Files.getLastModifiedTime(back).toInstant()).isEqualTo(MTIME.toInstant());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(inRestore(sub)))).isEqualTo("rwxr-x---");
        assertThat(inRestore(data.resolve("empty"))).isEmptyDirectory();
        assertThat(GnuTar.list(archive)).contains("1234/5678").doesNotContain(" /" + data);
        assertThat(facts.entries()).isEqualTo(4); // data, data/empty, data/sub, data/sub/config.php
        assertThat(facts.fileCount()).as("regular files").isEqualTo(1); // data/sub/config.php
        assertThat(facts.fileBytes()).isEqualTo(17);
        assertThat(facts.skipped()).isEmpty();
        assertThat(facts.changed()).isEmpty();
    }

    @Test
    void dump_filesOfSeveralOwners_eachStoredWithItsOwnNames() throws Exception {
        // given: root's, nobody's and an owner without a name, interleaved
        for (int i = 0; i < 3; i++) {
            write(data.resolve("root-" + i), "r");
            Path nobodys = write(data.resolve("syst-" + i), "n");
            Files.setAttribute(nobodys, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(nobodys, "unix:gid", 65534, LinkOption.NOFOLLOW_LINKS);
            Path unnamed = write(data.resolve("xnum-" + i), "x");
            Files.setAttribute(unnamed, "unix:uid", 1234, LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(unnamed, "unix:gid", 5678, LinkOption.NOFOLLOW_LINKS);
        }
        String nobody = GnuTar.run(List.of("id", "-nu", "65534")).strip();
        String nogroup = GnuTar.run(List.of("getent", "group", "65534")).split(":")[0];

        // when
        dump(List.of(data), List.of());

        // then
        List<String> lines = GnuTar.listWithNames(archive).lines().filter(l -> !l.endsWith("/")).toList();
        assertThat(lines).hasSize(9);
        assertThat(lines.stream().filter(l -> l.contains("/root-"))).allMatch(l -> l.contains(" root/root "));
        assertThat(lines.stream().filter(l -> l.contains("/syst-")))
                .allMatch(l -> l.contains(" " + nobody + "/" + nogroup + " "));
        assertThat(lines.stream().filter(l -> l.contains("/xnum-"))).allMatch(l -> l.contains(" 1234/5678 "));
    }

    @Test
    void dump_symlinksAndLoop_storedAsLinksNeverFollowed() throws Exception {
        // given
        write(data.resolve("target.txt"), "t");
        Files.createDirectories(data.resolve("dir"));
        write(data.resolve("dir/inner.txt"), "i");
        Files.createSymbolicLink(data.resolve("to-file"), Path.of("target.txt"));
        Files.createSymbolicLink(data.resolve("to-dir"), Path.of("dir"));
        Files.createSymbolicLink(data.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(data.resolve("b"), Path.of("a"));
        Files.createSymbolicLink(data.resolve("dangling"), Path.of("/nonexistent/elsewhere"));

        // when
        SourceFacts facts = dump(List.of(data), List.of());

        // then
        GnuTar.extract(archive, restored);
        for (String link : List.of("to-file", "to-dir", "a", "b", "dangling")) {
            Path back = inRestore(data.resolve(link));
            assertThat(Files.isSymbolicLink(back)).as(link).isTrue();
            assertThat(Files.readSymbolicLink(back)).isEqualTo(Files.readSymbolicLink(data.resolve(link)));
        }
        assertThat(GnuTar.list(archive)).doesNotContain("to-dir/inner.txt");
        assertThat(facts.entries()).isEqualTo(9); // data, a, b, dangling, dir, inner, target, to-dir, to-file
    }

    @Test
    void dump_oddNames_roundTripThroughGnuTar() throws Exception {
        // given
        String odd = "with space\nnew line ünïcødé 日本.txt";
        String longName = "l".repeat(120) + ".txt";
        Path deep = Files.createDirectories(data.resolve("ä".repeat(40)).resolve("d".repeat(90)));
        write(data.resolve(odd), "odd");
        write(data.resolve(longName), "long");
        write(deep.resolve(longName), "deep");

        // when
        dump(List.of(data), List.of());

        // then
        GnuTar.extract(archive, restored);
        assertThat(Files.readString(inRestore(data.resolve(odd)))).isEqualTo("odd");
        assertThat(Files.readString(inRestore(data.resolve(longName)))).isEqualTo("long");
        assertThat(Files.readString(inRestore(deep.resolve(longName)))).isEqualTo("deep");
    }

    @Test
    void dump_fifo_skippedWithWarningNeverOpened() throws Exception {
        // given: opening a FIFO for reading would block this test forever
        Path fifo = data.resolve("pipe");
        GnuTar.run(List.of("mkfifo", fifo.toString()));
        write(data.resolve("ok.txt"), "ok");

        // when
        SourceFacts facts = dump(List.of(data), List.of());

        // then
        assertThat(facts.skipped()).containsExactly(new FileNote(fifo.toString(), "FIFO, not read"));
        assertThat(warnings).singleElement().asString().contains(fifo.toString()).contains("FIFO");
        assertThat(GnuTar.list(archive)).doesNotContain("pipe").contains("ok.txt");
    }

    @Test
    void dump_fileDeletedJustBeforeOpen_skippedAndReported() throws Exception {
        // given
        Path victim = write(data.resolve("session.tmp"), "gone soon");
        write(data.resolve("stays.txt"), "stays");

        // when
        SourceFacts facts = dump(List.of(data), List.of(), file -> {
            if (file.equals(victim)) {
                Files.delete(file);
            }
        });

        // then
        assertThat(facts.skipped()).containsExactly(new FileNote(victim.toString(), "vanished before it was read"));
        assertThat(GnuTar.list(archive)).doesNotContain("session.tmp").contains("stays.txt");
        assertThat(facts.entries()).isEqualTo(2);
    }

    @Test
    void dump_fileAppendedJustBeforeOpen_storedAtListedSizeAndReported() throws Exception {
        // given
        Path log = write(data.resolve("app.log"), "line 1\n");

        // when
        SourceFacts facts = dump(List.of(data), List.of(), file -> {
            Files.writeString(file, "line 2\n", StandardOpenOption.APPEND);
        });

        // then
        GnuTar.extract(archive, restored);
        assertThat(Files.readString(inRestore(log))).isEqualTo("line 1\n");
        assertThat(facts.changed()).singleElement().satisfies(n -> {
            assertThat(n.path()).isEqualTo(log.toString());
            assertThat(n.reason()).contains("grew while read");
        });
        assertThat(warnings).singleElement().asString().contains(log.toString());
    }

    @Test
    void dump_fileTruncatedJustBeforeOpen_paddedWithZerosAndReported() throws Exception {
        // given
        Path db = write(data.resolve("cache.bin"), "0123456789");

        // when
        SourceFacts facts = dump(List.of(data), List.of(), file -> Files.writeString(file, "abc"));

        // then
        GnuTar.extract(archive, restored);
        assertThat(Files.readAllBytes(inRestore(db))).isEqualTo("abc\0\0\0\0\0\0\0".getBytes(UTF_8));
        assertThat(facts.changed()).singleElement().satisfies(n -> {
            assertThat(n.path()).isEqualTo(db.toString());
            assertThat(n.reason()).isEqualTo("shrank from 10 B to 3 B while read; stored 10 B, zero-padded after byte 3");
        });
    }

    @Test
    void dump_fileTruncatedWhileRead_storedZeroPaddedAfterWhatWasReadAndReported() throws Exception {
        // given a 3 MiB log that is emptied (copytruncate) once its first bytes reach the archive
        Path log = data.resolve("app.log");
        Files.write(log, "x".repeat(3 << 20).getBytes(UTF_8));
        Runnable truncate = () -> {
            try (var channel = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
                channel.truncate(0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };

        // when
        SourceFacts facts = dumpTruncatingAfter(List.of(data), 64 * 1024, truncate);

        // then: what was read before the cut, zeros after it, at the size the header announced
        GnuTar.extract(archive, restored);
        byte[] back = Files.readAllBytes(inRestore(log));
        assertThat(back).hasSize(3 << 20);
        int read = 0;
        while (read < back.length && back[read] == 'x') {
            read++;
        }
        assertThat(read).as("bytes read before the cut").isBetween(1, (3 << 20) - 1);
        for (int i = read; i < back.length; i++) {
            assertThat(back[i]).as("byte %d", i).isZero();
        }
        String reason = "shrank from 3.0 MiB to 0 B while read; stored 3.0 MiB, zero-padded after byte " + read;
        assertThat(facts.changed()).containsExactly(new FileNote(log.toString(), reason));
        assertThat(warnings).containsExactly(log + ": " + reason);
    }

    @Test
    void dump_fileRewrittenSameSizeJustBeforeOpen_reportedByMtime() throws Exception {
        // given
        Path f = write(data.resolve("state.json"), "{\"a\":1}");
        Files.setLastModifiedTime(f, MTIME);

        // when
        SourceFacts facts = dump(List.of(data), List.of(), file -> Files.writeString(file, "{\"a\":2}"));

        // then
        assertThat(facts.changed()).singleElement().extracting(FileNote::reason).asString()
                .contains("modified while read");
    }

    @Test
    void dump_unreadableFile_failsNamingIt() throws IOException {
        // given: root reads everything, so the refusal of open(2) is simulated at that moment
        Path secret = write(data.resolve("secret.key"), "k");

        // when / then
        assertThatThrownBy(() -> dump(List.of(data), List.of(), file -> {
            throw new AccessDeniedException(file.toString());
        }))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining(secret.toString())
                .hasMessageContaining("permission denied");
    }

    @Test
    void dump_configuredPathMissing_failsNamingIt() {
        // given
        Path missing = tmp.resolve("no-such-dir");

        // when / then
        assertThatThrownBy(() -> dump(List.of(data, missing), List.of()))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void dump_excludes_leaveOutMatchesAndEverythingBelowThem() throws Exception {
        // given
        write(Files.createDirectories(data.resolve("storage/logs/2024")).resolve("a.log"), "x");
        write(data.resolve("storage/keep.txt"), "k");
        write(Files.createDirectories(data.resolve("web/node_modules/pkg")).resolve("i.js"), "x");
        write(data.resolve("web/debug.log"), "x");
        write(data.resolve("web/index.php"), "p");

        // when
        dump(List.of(data), List.of("storage/logs/**", "node_modules", "*.log"));

        // then
        String listing = GnuTar.list(archive);
        assertThat(listing).contains("storage/keep.txt", "web/index.php")
                .doesNotContain("logs", "node_modules", "debug.log");
    }

    @Test
    void dump_nameNotValidUtf8_gnuTarRestoresItsBytesBesideTheNameOfItsEscapedForm() throws Exception {
        // given: a name Java cannot even spell, and a file really named as it used to be stored
        RawTree.create(data, List.of(RawTree.Entry.file(RawTree.bytes("caf\u00e9.txt")),
                RawTree.Entry.file(RawTree.bytes("caf%E9.txt"))));

        // when
        SourceFacts facts = dump(List.of(data), List.of());

        // then: both files come back under their own names, and nothing was changed to report
        GnuTar.extract(archive, restored);
        assertThat(RawTree.of(inRestore(data))).isEqualTo(RawTree.of(data)).hasSize(2);
        assertThat(facts.entries()).isEqualTo(3);
        assertThat(facts.changed()).isEmpty();
        assertThat(warnings).isEmpty();
    }

    private SourceFacts dump(List<Path> paths, List<String> exclude) throws Exception {
        return dump(paths, exclude, file -> { });
    }

    /** Dumps while {@code cut} runs once, when the archive has received {@code afterBytes}. */
    private SourceFacts dumpTruncatingAfter(List<Path> paths, long afterBytes, Runnable cut) throws Exception {
        FilesSource source = new FilesSource(new FilesConfig("app", ByteSize.ofBytes(1), paths, List.of()));
        try (OutputStream file = Files.newOutputStream(archive)) {
            OutputStream out = new java.io.FilterOutputStream(file) {
                long written;

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    file.write(b, off, len);
                    if (written < afterBytes && written + len >= afterBytes) {
                        cut.run();
                    }
                    written += len;
                }
            };
            return source.dump(out, new SourceContext(tmp, warnings::add));
        }
    }

    private SourceFacts dump(List<Path> paths, List<String> exclude, FilesSource.BeforeOpen hook) throws Exception {
        FilesSource source = new FilesSource(new FilesConfig("app", ByteSize.ofBytes(1), paths, exclude), hook);
        try (OutputStream out = Files.newOutputStream(archive)) {
            return source.dump(out, new SourceContext(tmp, warnings::add));
        }
    }

    private Path inRestore(Path original) {
        return restored.resolve(original.toString().substring(1));
    }

    private static Path write(Path file, String content) throws IOException {
        return Files.writeString(file, content);
    }
}
