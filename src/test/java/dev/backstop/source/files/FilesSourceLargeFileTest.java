package dev.backstop.source.files;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ByteSize;
import dev.backstop.core.SourceFacts;
import dev.backstop.source.SourceContext;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file over 8 GiB (the limit of the ustar size field). Sparse, so it costs no disk; reading
 * it streams 8 GiB of zeros from the page cache, a few seconds.
 */
class FilesSourceLargeFileTest {

    private static final long SIZE = (8L << 30) + 1;

    @TempDir
    Path tmp;

    @Test
    void dump_fileOver8GiB_paxSizeHeaderAndCompleteEntry() throws Exception {
        // given
        Path dir = Files.createDirectories(tmp.resolve("big"));
        Path big = dir.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(SIZE);
        }
        HeadAndCount out = new HeadAndCount(64 * 1024);

        // when
        SourceFacts facts = new FilesSource(new FilesConfig("big", ByteSize.ofBytes(1), List.of(dir), List.of()))
                .dump(out, new SourceContext(tmp, w -> { }));

        // then
        String head = out.head.toString(ISO_8859_1);
        assertThat(head).contains(" size=8589934593\n");
        // the file's own ustar header follows its PAX header; its content starts right after
        int header = head.indexOf("ustar", head.indexOf(" size=8589934593\n")) - 257;
        assertThat(head.substring(header, header + 100)).contains("disk.img");
        long contentEnd = header + 512 + roundUp(SIZE, 512);
        long withEof = contentEnd + 1024;
        assertThat(out.count).isEqualTo(roundUp(withEof, 10240)); // whole records, as GNU tar writes
        assertThat(facts.fileBytes()).isEqualTo(SIZE);
        assertThat(facts.entries()).isEqualTo(2);
        assertThat(facts.fileCount()).isEqualTo(1);
    }

    private static long roundUp(long n, long unit) {
        return (n + unit - 1) / unit * unit;
    }

    /** Counts every byte and keeps only the first few. */
    private static final class HeadAndCount extends OutputStream {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        final int keep;
        long count;

        HeadAndCount(int keep) {
            this.keep = keep;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (count < keep) {
                head.write(b, off, (int) Math.min(len, keep - count));
            }
            count += len;
        }
    }
}
