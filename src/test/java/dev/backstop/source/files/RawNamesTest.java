package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawNamesTest {

    @TempDir
    Path tmp;

    @Test
    void pathAndOf_randomBytes_giveTheSameBytesBack() {
        for (byte[] name : RawTree.randomNames(new Random(7), 500)) {
            byte[] nested = RawTree.concat(name, "/".getBytes(StandardCharsets.US_ASCII), name);
            assertThat(RawNames.of(RawNames.path(nested))).as(RawTree.show(nested)).isEqualTo(nested);
            byte[] absolute = RawTree.concat("/".getBytes(StandardCharsets.US_ASCII), nested);
            assertThat(RawNames.of(RawNames.path(absolute))).as(RawTree.show(absolute)).isEqualTo(absolute);
        }
    }

    @Test
    void path_dotsAndEmptyComponents_keepsDotsDropsEmpty() {
        assertThat(RawNames.of(RawNames.path(RawTree.bytes("../\u00e9//x/")))).isEqualTo(RawTree.bytes("../\u00e9/x"));
        assertThat(RawNames.path(RawTree.bytes("./\u00e9")).getNameCount()).isEqualTo(2);
    }

    @Test
    void of_fileListedFromTheFileSystem_givesItsBytesInEveryLocale() throws Exception {
        // given: names made by bash, listed by Java
        RawTree.create(tmp, List.of(RawTree.Entry.directory(RawTree.bytes("d\u00e9j\u00e0")),
                RawTree.Entry.file(RawTree.bytes("d\u00e9j\u00e0/\u00ff?"))));

        // when
        List<Path> listed;
        try (var walk = Files.walk(tmp)) {
            listed = walk.filter(Files::isRegularFile).toList();
        }

        // then: the directory's URI ends with '/', the name does not
        assertThat(listed).singleElement().satisfies(p -> assertThat(RawNames.of(p))
                .isEqualTo(RawTree.concat(RawNames.of(tmp), RawTree.bytes("/d\u00e9j\u00e0/\u00ff?"))));
        assertThat(RawNames.of(tmp.resolve(listed.get(0).getParent()))).endsWith(RawTree.bytes("d\u00e9j\u00e0"));
    }

    @Test
    void display_validUtf8KeptOtherBytesEscaped() {
        assertThat(RawNames.display("café".getBytes(StandardCharsets.UTF_8))).isEqualTo("café");
        assertThat(RawNames.display(RawTree.bytes("\u00ff\u00fe-caf\u00e9 \u00c3\u00a9.txt"))).isEqualTo("\\xFF\\xFE-caf\\xE9 é.txt");
        assertThat(RawNames.display(RawTree.bytes("\u00ed\u00a0\u0080"))).isEqualTo("\\xED\\xA0\\x80");
    }

    @Test
    void ascii_escapesPercentAndEveryOtherByte_cutsToTheLimit() {
        assertThat(RawNames.ascii(RawTree.bytes("100% caf\u00e9/"), 99)).isEqualTo("100%25%20caf%E9/");
        assertThat(RawNames.ascii(RawTree.bytes("ab\u00e9"), 4)).isEqualTo("ab");
    }
}
