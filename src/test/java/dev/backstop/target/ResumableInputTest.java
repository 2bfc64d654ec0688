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
}
