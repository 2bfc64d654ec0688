package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerNamesTest {

    @TempDir
    Path tmp;

    @Test
    void user_fileVanishedBeforeTheLookup_noNameForItAndTheNextFileOfThatOwnerGetsOne() throws Exception {
        // given: the first file of root's seen is gone by the time its name is looked up
        OwnerNames names = new OwnerNames();
        Path gone = tmp.resolve("gone.txt");
        Path present = Files.writeString(tmp.resolve("present.txt"), "x");
        Files.setAttribute(present, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(present, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);

        // when / then
        assertThat(names.user(gone, 0)).isEmpty();
        assertThat(names.group(gone, 0)).isEmpty();
        assertThat(names.user(present, 0)).isEqualTo("root");
        assertThat(names.group(present, 0)).isEqualTo("root");
    }

    @Test
    void user_ownerChangedSinceTheWalkReadIt_noNameForThatIdFromThisFile() throws Exception {
        // given: the walk read uid 1234, the file now belongs to root
        OwnerNames names = new OwnerNames();
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        Files.setAttribute(file, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);

        // when / then: root's name is not filed under 1234
        assertThat(names.user(file, 1234)).isEmpty();
        Files.setAttribute(file, "unix:uid", 1234, LinkOption.NOFOLLOW_LINKS);
        assertThat(names.user(file, 1234)).isEmpty(); // 1234 has no name on this machine
        assertThat(names.user(file, 0)).isEmpty(); // nor does root own this file any more
    }

    @Test
    void user_idWithoutAName_isEmptyNotTheNumber() throws Exception {
        OwnerNames names = new OwnerNames();
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        Files.setAttribute(file, "unix:uid", 1234, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(file, "unix:gid", 5678, LinkOption.NOFOLLOW_LINKS);

        assertThat(names.user(file, 1234)).isEmpty();
        assertThat(names.group(file, 5678)).isEmpty();
    }
}
