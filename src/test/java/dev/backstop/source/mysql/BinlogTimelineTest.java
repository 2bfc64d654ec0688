package dev.backstop.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.source.LogReplayer.Bound;
import dev.backstop.source.LogReplayer.Replay;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinlogTimelineTest {

    private static final long T = 1_780_000_000L;

    @TempDir
    Path dir;

    /** A binary log written event by event, with the offsets where each event starts. */
    private static final class Log {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Log() {
            bytes.writeBytes(BinlogEvents.MAGIC);
            event(T, 15, new byte[80]);
        }

        long at() {
            return bytes.size();
        }

        Log event(long seconds, int type, byte[] body) {
            ByteBuffer b = ByteBuffer.allocate(19 + body.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt((int) seconds).put((byte) type).putInt(1).putInt(19 + body.length)
                    .putInt(bytes.size() + 19 + body.length).putShort((short) 0).put(body);
            bytes.writeBytes(b.array());
            return this;
        }

        Log gtid(long seconds, boolean standalone) {
            byte[] body = new byte[19];
            body[12] = (byte) (standalone ? 1 : 0);
            return event(seconds, 162, body);
        }

        Log query(long seconds, String sql) {
            byte[] text = sql.getBytes(StandardCharsets.US_ASCII);
            ByteBuffer b = ByteBuffer.allocate(13 + 5 + text.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(1).putInt(0).put((byte) 4).putShort((short) 0).putShort((short) 0).put("shop".getBytes(
                    StandardCharsets.US_ASCII)).put((byte) 0).put(text);
            return event(seconds, 2, b.array());
        }

        /** BEGIN, a rows event, XID: one transaction committed at {@code commit}. */
        Log transaction(long start, long commit) {
            return gtid(start, false).query(start, "BEGIN").event(start, 30, new byte[40]).event(commit, 16, new byte[8]);
        }

        Path write(Path file) throws IOException {
            return Files.write(file, bytes.toByteArray());
        }
    }

    @Test
    void scan_momentBetweenTransactions_stopsAtTheFirstCommittedAfterIt() throws IOException {
        Log log = new Log();
        long start = log.at();
        log.transaction(T + 1, T + 1);
        long second = log.at();
        log.transaction(T + 2, T + 3); // started before the moment, committed after it
        log.transaction(T + 4, T + 4);
        Path file = log.write(dir.resolve("bin.000001"));

        Replay r = BinlogTimeline.scan(List.of(file), start, Bound.at(Instant.ofEpochSecond(T + 2)));

        assertThat(r.stopOffset()).isEqualTo(second);
        assertThat(r.transactions()).isEqualTo(1);
        assertThat(r.lastCommit()).isEqualTo(Instant.ofEpochSecond(T + 1));
        assertThat(r.boundSeen()).isTrue();
    }

    @Test
    void scan_transactionCommittedAtTheMomentItself_isApplied() throws IOException {
        Log log = new Log();
        long start = log.at();
        log.transaction(T + 1, T + 2);
        long after = log.at();
        log.transaction(T + 3, T + 3);
        Path file = log.write(dir.resolve("bin.000001"));

        Replay r = BinlogTimeline.scan(List.of(file), start, Bound.at(Instant.ofEpochSecond(T + 2)));

        assertThat(r.stopOffset()).isEqualTo(after);
        assertThat(r.lastEnd()).isEqualTo(after);
        assertThat(r.lastCommit()).isEqualTo(Instant.ofEpochSecond(T + 2));
    }

    @Test
    void scan_acrossARotation_readsTheNextFileAndStopsThere() throws IOException {
        Log first = new Log();
        long start = first.at();
        first.transaction(T + 1, T + 1).event(T + 1, 4, new byte[18]);
        Log next = new Log();
        next.gtid(T + 2, true).query(T + 2, "DROP TABLE shop.items");
        long stop = next.at();
        next.transaction(T + 5, T + 5);
        List<Path> files = List.of(first.write(dir.resolve("bin.000001")), next.write(dir.resolve("bin.000002")));

        Replay r = BinlogTimeline.scan(files, start, Bound.at(Instant.ofEpochSecond(T + 4)));

        assertThat(r.files()).isEqualTo(2);
        assertThat(r.stopOffset()).isEqualTo(stop);
        assertThat(r.lastFile()).isEqualTo("bin.000002");
        assertThat(r.transactions()).isEqualTo(2);
    }

    @Test
    void scan_closedFileWithoutItsRotation_namesTheMissingTail() throws IOException {
        Log first = new Log();
        long start = first.at();
        first.transaction(T + 1, T + 1);
        long size = first.at();
        List<Path> files = List.of(first.write(dir.resolve("bin.000001")), new Log().write(dir.resolve("bin.000002")));

        assertThatThrownBy(() -> BinlogTimeline.scan(files, start, Bound.at(Instant.ofEpochSecond(T + 9))))
                .hasMessageContaining("bin.000001: the bytes from " + size + " to the file's end are missing");
    }

    @Test
    void scan_trailingTransactionWithoutItsCommit_isNotApplied() throws IOException {
        Log log = new Log();
        long start = log.at();
        log.transaction(T + 1, T + 1);
        long open = log.at();
        log.gtid(T + 2, false).query(T + 2, "BEGIN").event(T + 2, 30, new byte[40]);
        Path file = log.write(dir.resolve("bin.000001"));

        Replay r = BinlogTimeline.scan(List.of(file), start, Bound.at(Instant.ofEpochSecond(T + 9)));

        assertThat(r.stopOffset()).isEqualTo(open);
        assertThat(r.transactions()).isEqualTo(1);
        assertThat(r.boundSeen()).isFalse();
    }

    @Test
    void scan_positionBound_stopsThereAndRefusesAPlaceInsideAnEvent() throws IOException {
        Log log = new Log();
        long start = log.at();
        log.transaction(T + 1, T + 1);
        long place = log.at();
        log.transaction(T + 2, T + 2);
        Path file = log.write(dir.resolve("bin.000001"));

        Replay r = BinlogTimeline.scan(List.of(file), start, Bound.position("bin.000001", place));

        assertThat(r.stopOffset()).isEqualTo(place);
        assertThat(r.transactions()).isEqualTo(1);
        assertThatThrownBy(() -> BinlogTimeline.scan(List.of(file), start, Bound.position("bin.000001", place + 3)))
                .hasMessageContaining("is not the start of an event");
    }
}
