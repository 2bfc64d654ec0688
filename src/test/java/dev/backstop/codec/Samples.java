package dev.backstop.codec;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Sample inputs for the compression tests: noise like images and archives, text like dumps and prose. */
final class Samples {

    private Samples() {
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
