package dev.backstop.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResumableInputTest {

    final byte[] data = TestStreams.randomBytes(1000, 5);

    @Test
    void rewindTo_keptPosition_replaysTheSameBytesThenContinues() throws Exception {
        CheckedStream source = new CheckedStream(new ByteArrayInputStream(data));
        ResumableInput in = new ResumableInput(source, 300);
        in.readNBytes(800);

        in.rewindTo(600);
        byte[] rest = in.readAllBytes();

        assertThat(rest).isEqualTo(Arrays.copyOfRange(data, 600, 1000));
        assertThat(source.count()).as("the source is read once").isEqualTo(1000);
        assertThat(in.kept(700, 1000)).isEqualTo(Arrays.copyOfRange(data, 700, 1000));
    }

    @Test
    void rewindTo_beforeWhatIsKept_isRefused() throws IOException {
        ResumableInput in = new ResumableInput(new ByteArrayInputStream(data), 300);
        in.readNBytes(800);

        assertThat(in.oldestKept()).isEqualTo(500);
        assertThatThrownBy(() -> in.rewindTo(499)).isInstanceOf(IOException.class).hasMessageContaining("499");
    }

    @Test
    void readsOfEverySizeAcrossTheRingsEdge_deliverExactlyTheSourceBytes_evenAfterRewinds() throws IOException {
        byte[] source = TestStreams.randomBytes(400_000, 11);
        java.util.Random random = new java.util.Random(42);
        for (int trial = 0; trial < 200; trial++) {
            // small rings, and rings larger than the first allocation, which grow while bytes arrive
            int keep = trial % 2 == 0 ? 1 + random.nextInt(5000) : 64 * 1024 + random.nextInt(200_000);
            ResumableInput in = new ResumableInput(new ByteArrayInputStream(source), keep);
            java.io.ByteArrayOutputStream delivered = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[4 * keep];
            while (true) {
                if (random.nextInt(4) == 0) {
                    // back to a random kept position: what follows must be the source's bytes from there
                    long to = in.oldestKept() + random.nextInt((int) (in.position() - in.oldestKept() + 1));
                    in.rewindTo(to);
                    byte[] sofar = delivered.toByteArray();
                    delivered.reset();
                    delivered.write(sofar, 0, (int) to);
                }
                int off = random.nextInt(keep);
                int n = in.read(buffer, off, 1 + random.nextInt(2 * keep));
                if (n < 0) {
                    break;
                }
                delivered.write(buffer, off, n);
            }
            assertThat(delivered.toByteArray()).as("keep %d", keep).isEqualTo(source);
        }
    }
}
