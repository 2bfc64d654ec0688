package dev.backstop.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.LiveThreads;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class CompressionTest {

    @Test
    void compressionBuffersDoNotGrowWithTheCoreCount() {
        assertThat(Compression.gzipBlocksInFlight(1)).isEqualTo(4);
        assertThat(Compression.gzipBlocksInFlight(2)).isEqualTo(8);
        assertThat(Compression.gzipBlocksInFlight(64)).isEqualTo(16);
        assertThat(Compression.zstdBlocksInFlight(1)).isEqualTo(2);
        assertThat(Compression.zstdBlocksInFlight(2)).isEqualTo(4);
        assertThat(Compression.zstdBlocksInFlight(64)).isEqualTo(8);
    }

    @Test
    void gzipStreamIsStandard() throws IOException {
        byte[] data = "row,1,2,3\n".repeat(100_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        try (OutputStream out = Compression.GZIP.compress(packed)) {
            out.write(data);
        }
        try (var in = new GZIPInputStream(new ByteArrayInputStream(packed.toByteArray()))) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void compress_streamsClosed_poolThreadsAreDaemonsThatEndWhenIdle() throws Exception {
        // given a gzip and a zstd stream, written and closed
        byte[] data = "row,1,2,3\n".repeat(200_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        List<Thread> seen = new ArrayList<>();
        for (Compression c : Compression.values()) {
            try (OutputStream out = c.compress(new ByteArrayOutputStream())) {
                out.write(data);
                out.flush();
                seen.addAll(LiveThreads.named("compress"));
            }
        }

        // then the pool ran on daemon threads, and none is left once it had nothing to do
        assertThat(seen).isNotEmpty().allMatch(Thread::isDaemon);
        assertThat(LiveThreads.awaitEnded(t -> t.getName().equals("compress"), Compression.IDLE.multipliedBy(5)))
                .isEmpty();
    }

    @Test
    void parsesConfigurationWords() {
        assertThat(Compression.parse("zstd")).isEqualTo(Compression.ZSTD);
        assertThat(Compression.GZIP.suffix()).isEqualTo("gz");
        assertThatThrownBy(() -> Compression.parse("xz")).hasMessageContaining("known: gzip, zstd");
    }
}
