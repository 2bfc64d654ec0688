package dev.backstop.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path tmp;

    @Test
    void delete_treeWithLinksOut_removesTheLinksNotWhatTheyPointAt() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path kept = Files.writeString(outside.resolve("kept.txt"), "keep");
        Path tree = Files.createDirectories(tmp.resolve("tree/sub"));
        Files.writeString(tree.resolve("a.txt"), "a");
        Files.createSymbolicLink(tree.resolve("dir-link"), outside);
        Files.createSymbolicLink(tree.resolve("file-link"), kept);

        FileTrees.delete(tmp.resolve("tree"));

        assertThat(tmp.resolve("tree")).doesNotExist();
        assertThat(kept).hasContent("keep");
    }

    @Test
    void delete_absentPath_isFine() throws Exception {
        FileTrees.delete(tmp.resolve("never-was"));
        assertThat(tmp.resolve("never-was")).doesNotExist();
    }

    @Test
    void delete_linkToADirectory_removesOnlyTheLink() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("dir"));
        Files.writeString(dir.resolve("x"), "x");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), dir);

        FileTrees.delete(link);

        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(dir.resolve("x")).hasContent("x");
    }

    @Test
    void whyNotWritable_existingOrCreatableDirectory_nothing() throws Exception {
        assertThat(FileTrees.whyNotWritable(tmp)).isEmpty();
        assertThat(FileTrees.whyNotWritable(tmp.resolve("a/b/c"))).isEmpty();
        assertThat(tmp.resolve("a")).doesNotExist();
    }

    @Test
    void whyNotWritable_fileOrBelowAFileOrDanglingLink_saysWhich() throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("gone"));

        assertThat(FileTrees.whyNotWritable(file)).contains("is not a directory");
        assertThat(FileTrees.whyNotWritable(file.resolve("sub/dir")))
                .contains("cannot be created: " + file + " is not a directory");
        assertThat(FileTrees.whyNotWritable(dangling)).contains("is not a directory");
    }
}
