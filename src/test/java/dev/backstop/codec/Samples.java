package dev.backstop.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executor;

/** Sample inputs for the compression tests: noise like images and archives, text like dumps and prose. */
final class Samples {

    /** Compresses blocks for the tests: daemon threads, so the pool needs no shutdown. */
    static final Executor POOL = java.util.concurrent.Executors.newFixedThreadPool(3, r -> {
        Thread t = new Thread(r, "test-compress");
        t.setDaemon(true);
        return t;
    });

    private Samples() {
    }

    /** {@code data} through a block stream of {@code codec}, written in chunks of {@code chunk} bytes. */
    static byte[] compress(BlockCodec codec, int blockSize, Executor pool, byte[] data, int chunk) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = new ParallelBlockOutputStream(sink, codec, blockSize, 3, pool)) {
            for (int off = 0; off < data.length; off += chunk) {
                out.write(data, off, Math.min(chunk, data.length - off));
            }
        }
        return sink.toByteArray();
    }

    /** Runs a command-line tool (gzip, zstd, tar) to its end; its standard output, after asserting it exited 0. */
    static byte[] runTool(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as(String.join(" ", argv)).isZero();
        return out;
    }

    /** Random bytes: what already compressed or encrypted files look like to deflate. */
    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** {@code size} bytes of {@code source} repeated from its start. */
    static byte[] repeat(byte[] source, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = source[i % source.length];
        }
        return b;
    }

    /** A mysqldump-like INSERT with varying ids, numbers and timestamps. */
    static byte[] sql(int size, long seed) {
        Random random = new Random(seed);
        StringBuilder s = new StringBuilder("INSERT INTO `calls` VALUES ");
        while (s.length() < size) {
            s.append(String.format("(%d,%d,'CA%08x','+49%09d','%s','completed',%d,0.%04d,NULL,'2025-06-%02d %02d:%02d:00'),",
                    random.nextInt(1_000_000), random.nextInt(500), random.nextInt(), random.nextInt(1_000_000_000),
                    random.nextBoolean() ? "inbound" : "outbound", random.nextInt(3600), random.nextInt(10_000),
                    1 + random.nextInt(30), random.nextInt(24), random.nextInt(60)));
        }
        return s.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    /** Sentences of words in varying order, some with numbers: compresses like prose, not like one repeated line. */
    static byte[] prose(int size, long seed) {
        Random random = new Random(seed);
        String[] words = ("backup source target retention snapshot verify restore database dump archive night report "
                + "size duration failed succeeded the a of to and in for with each every nightly weekly monthly").split(" ");
        StringBuilder s = new StringBuilder();
        while (s.length() < size) {
            int n = 5 + random.nextInt(12);
            for (int w = 0; w < n; w++) {
                s.append(w == 0 ? "" : " ").append(words[random.nextInt(words.length)]);
            }
            s.append(random.nextInt(4) == 0 ? " " + random.nextInt(100_000) : "").append(".\n");
        }
        return s.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }
}
