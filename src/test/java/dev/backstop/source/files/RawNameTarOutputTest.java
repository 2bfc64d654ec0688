package dev.backstop.source.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawNameTarOutputTest {

    private static final byte[] NAME = RawTree.bytes("srv/\u00ff\u00fe-caf\u00e9.txt");

    @TempDir
    Path tmp;

    /** An owner id too large for its octal field would make commons-compress add a second extended header. */
    private static byte[] archive(byte[] name, byte[] target, byte flag) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (RawNameTarOutput tar = new RawNameTarOutput(bytes, 10240)) {
            TarArchiveEntry entry = RawNameTarOutput.entry(name, target, flag);
            entry.setUserId(3_000_000);
            entry.setMode(flag == TarConstants.LF_SYMLINK ? 0120777 : 0100644);
            byte[] content = flag == TarConstants.LF_NORMAL ? "content".getBytes(StandardCharsets.US_ASCII) : new byte[0];
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void putArchiveEntry_nameNotUtf8AndLargeOwnerId_oneExtendedHeaderGnuTarReads() throws Exception {
        // given
        Path archive = Files.write(tmp.resolve("a.tar"), archive(NAME, null, TarConstants.LF_NORMAL));

        // when
        String listing = GnuTar.list(archive);

        // then: GNU tar reads only the last extended header: had there been two, it would show the placeholder
        assertThat(listing).contains(" 3000000/0 ").contains("srv/\\377\\376-caf\\351.txt").doesNotContain("%");
        assertThat(typeFlags(Files.readAllBytes(archive))).isEqualTo("x0");
    }

    @Test
    void putArchiveEntry_symlinkToATargetThatIsNotUtf8_bothNamesReadBackAsBytes() throws Exception {
        // given
        byte[] target = RawTree.bytes("../\u00e9t\u00e9");
        byte[] archive = archive("srv/link".getBytes(StandardCharsets.US_ASCII), target, TarConstants.LF_SYMLINK);

        // when
        try (RawNameTarInput in = new RawNameTarInput(new ByteArrayInputStream(archive))) {
            TarArchiveEntry entry = in.getNextEntry();

            // then
            assertThat(entry.isSymbolicLink()).isTrue();
            assertThat(entry.getLongUserId()).isEqualTo(3_000_000);
            assertThat(in.name()).isEqualTo("srv/link".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.linkName()).isEqualTo(target);
            assertThat(in.getNextEntry()).isNull();
        }
    }

    @Test
    void entry_utf8Names_plainEntryAsBefore() {
        TarArchiveEntry entry = RawNameTarOutput.entry("srv/café".getBytes(StandardCharsets.UTF_8), null,
                TarConstants.LF_NORMAL);

        assertThat(entry.getClass()).isEqualTo(TarArchiveEntry.class);
        assertThat(entry.getName()).isEqualTo("srv/café");
    }

    /** The type flag of every header in the archive, in order. */
    private static String typeFlags(byte[] tar) {
        StringBuilder flags = new StringBuilder();
        int at = 0;
        while (at + 512 <= tar.length && tar[at] != 0) {
            flags.append((char) tar[at + 156]);
            long size = Long.parseLong(new String(tar, at + 124, 11, StandardCharsets.US_ASCII).trim(), 8);
            at += 512 + (int) ((size + 511) / 512 * 512);
        }
        return flags.toString();
    }
}
