package dev.backstop.bench;

import dev.backstop.codec.Compression;
import dev.backstop.core.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The compress + hash stage of a component, as {@code CompressedFileWriter} runs it, on 64 MiB of
 * data shaped like the benchmark dataset: text and SQL in stretches of 4-64 KiB, and 40% of the
 * bytes incompressible in stretches sized like its images and archives (2 KiB to 1 MiB, median
 * about 45 KiB, mean about 160 KiB; the dataset's are 81 and 154 KiB). So about a quarter of the
 * gzip blocks are stored as incompressible, as on the dataset (30% of the files' tar, 22% of tar
 * and dump). The score is seconds per 64 MiB; bench/run.sh turns it into MB/s and MB/s per core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx256m"})
public class CompressHashBenchmark {

    static final int SIZE = 64 << 20;

    @Param({"gzip", "zstd", "gzip-single-thread", "sha256-only"})
    public String stage;

    private byte[] data;

    @Setup
    public void data() {
        data = new byte[SIZE];
        Random random = new Random(20260101);
        byte[] text = ("INSERT INTO `calls` VALUES (1042,17,'CA1f0e','+4930123456','+4989765432','inbound','completed',"
                + "63,0.0120,NULL,'2025-06-01 10:00:00'),\n  <?php namespace App\\Http\\Controllers; use Illuminate\\Http\\Request;\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i < SIZE; ) {
            // one stretch in nine is a "file" of noise; its sizes are log-uniform, so the share of bytes is about 40%
            if (random.nextInt(9) == 0) {
                int run = Math.min(SIZE - i, (int) Math.exp(Math.log(2048) + random.nextDouble() * Math.log(512)));
                byte[] noise = new byte[run];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, data, i, run);
                i += run;
            } else {
                int run = Math.min(SIZE - i, 4096 + random.nextInt(60_000));
                for (int k = 0; k < run; k++) {
                    data[i + k] = text[(k * 7 + random.nextInt(3)) % text.length];
                }
                i += run;
            }
        }
    }

    @Benchmark
    public byte[] compressAndHash() throws IOException {
        MessageDigest digest = Sha256.newDigest();
        OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest);
        OutputStream out = switch (stage) {
            case "gzip" -> Compression.GZIP.compress(sink);
            case "zstd" -> Compression.ZSTD.compress(sink);
            case "gzip-single-thread" -> new GZIPOutputStream(sink, 1 << 16);
            default -> sink;
        };
        try (out) {
            for (int off = 0; off < SIZE; off += 1 << 16) {
                out.write(data, off, 1 << 16);
            }
        }
        return digest.digest();
    }
}
