package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class RewritesTest {

    /** An archive of regular files ("name") and hard links ("name=>target"). */
    private static Rewrites.Archive archive(String... entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (String entry : entries) {
                TarArchiveEntry e;
                if (entry.contains("=>")) {
                    e = new TarArchiveEntry(entry.substring(0, entry.indexOf("=>")), TarConstants.LF_LINK);
                    e.setLinkName(entry.substring(entry.indexOf("=>") + 2));
                    tar.putArchiveEntry(e);
                } else {
                    byte[] data = ("content of " + entry).getBytes(StandardCharsets.UTF_8);
                    e = new TarArchiveEntry(entry);
                    e.setSize(data.length);
                    tar.putArchiveEntry(e);
                    tar.write(data);
                }
                tar.closeArchiveEntry();
            }
        }
        byte[] archive = bytes.toByteArray();
        return () -> new ByteArrayInputStream(archive);
    }

    private static byte[] name(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rewrittenAfter_aFileOfALaterIncrement_isSkippedInEarlierIncrementsOnly() throws Exception {
        Rewrites rewrites = Rewrites.scan(List.of(archive("app.log", "index.php"), archive("app.log", "new.txt"),
                archive("app.log"), archive("other.txt")));

        assertThat(rewrites.rewrittenAfter(0, name("app.log"))).as("the full is written whole").isFalse();
        assertThat(rewrites.rewrittenAfter(1, name("app.log"))).isTrue();
        assertThat(rewrites.rewrittenAfter(2, name("app.log"))).as("its last copy").isFalse();
        assertThat(rewrites.rewrittenAfter(1, name("new.txt"))).isFalse();
        assertThat(rewrites.rewrittenAfter(3, name("other.txt"))).isFalse();
    }

    @Test
    void rewrittenAfter_theTargetOfAHardLinkOfTheSameIncrement_isWritten() throws Exception {
        Rewrites rewrites = Rewrites.scan(List.of(archive("a"), archive("t", "l=>t"), archive("t")));

        assertThat(rewrites.rewrittenAfter(1, name("t"))).isFalse();
    }

    @Test
    void none_skipsNothing() {
        assertThat(Rewrites.NONE.rewrittenAfter(1, name("app.log"))).isFalse();
    }
}
