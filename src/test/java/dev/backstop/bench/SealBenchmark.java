package dev.backstop.bench;

import dev.backstop.encryption.AgeIdentity;
import dev.backstop.encryption.AgeRecipients;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * The age sealing stage of an encrypted component on 256 MiB of compressed-looking (random) bytes,
 * written in 64 KiB pieces as the compressor hands them on: Jagged's own writer, which seals one
 * chunk after the other on the calling thread, against {@link AgeRecipients#encrypt}, which seals
 * the chunks on every core. The score is milliseconds per 256 MiB.
 *
 * <pre>
 * mvn -B -ntp -Pbench -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/jmh.cp
 * java -cp target/test-classes:target/classes:$(cat /tmp/jmh.cp) org.openjdk.jmh.Main SealBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx768m"})
public class SealBenchmark {

    static final int SIZE = 256 << 20;
    static final int PIECE = 64 << 10;

    @Param({"sequential", "parallel"})
    public String sealing;

    private byte[] data;
    private AgeRecipients recipients;

    @Setup
    public void data() throws Exception {
        data = new byte[SIZE];
        new Random(20260101).nextBytes(data);
        recipients = AgeRecipients.of(List.of(AgeIdentity.generate().recipient()));
    }

    @Benchmark
    public long seal() throws IOException {
        CountingSink sink = new CountingSink();
        try (OutputStream out = "parallel".equals(sealing) ? recipients.encrypt(sink)
                : recipients.encryptSequentially(sink)) {
            for (int at = 0; at < SIZE; at += PIECE) {
                out.write(data, at, PIECE);
            }
        }
        return sink.count;
    }

    /** Discards what it gets, counting it, so that nothing is optimised away. */
    static final class CountingSink extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
