package dev.backstop.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressedFileWriterTest {

    @TempDir
    Path dir;

    @Test
    void follow_whileTheDumpWrites_readsEveryByteOfTheFinishedFile_thenEnds() throws Exception {
        Path file = dir.resolve("c.gz");
        CompressedFileWriter writer = CompressedFileWriter.create(file, Compression.GZIP);
        // a follower that starts before the first byte and reads while the writer is slow
        CompletableFuture<byte[]> followed = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = writer.follow()) {
                return in.readAllBytes();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Random random = new Random(3);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        for (int i = 0; i < 40; i++) {
            byte[] chunk = new byte[50_000 + random.nextInt(100_000)];
            // half text, half noise, so that both compress and stored blocks occur
            for (int j = 0; j < chunk.length; j++) {
                chunk[j] = (byte) (i % 2 == 0 ? 'a' + (j % 17) : random.nextInt());
            }
            writer.stream().write(chunk);
            raw.write(chunk);
            if (i % 8 == 0) {
                Thread.sleep(30);
                assertThat(followed).as("the follower waits for the writer").isNotDone();
            }
        }
        writer.close();

        byte[] got = followed.get(30, TimeUnit.SECONDS);
        assertThat(got).isEqualTo(Files.readAllBytes(file));
        assertThat(got.length).isEqualTo(writer.result().bytes());
        assertThat(Sha256.of(got)).isEqualTo(writer.result().sha256());
        assertThat(new GZIPInputStream(new java.io.ByteArrayInputStream(got)).readAllBytes()).isEqualTo(raw.toByteArray());
    }

    @Test
    void follow_afterClose_readsTheWholeFile() throws Exception {
        Path file = dir.resolve("c.zst");
        CompressedFileWriter writer = CompressedFileWriter.create(file, Compression.ZSTD);
        writer.stream().write("late follower\n".repeat(1000).getBytes());
        writer.close();

        try (InputStream in = writer.follow()) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(file));
        }
    }

    @Test
    void follow_interruptedWhileWaiting_stopsWithInterruptedIOException() throws Exception {
        CompressedFileWriter writer = CompressedFileWriter.create(dir.resolve("c.gz"), Compression.GZIP);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread follower = new Thread(() -> {
            try (InputStream in = writer.follow()) {
                in.readAllBytes();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        follower.start();
        Thread.sleep(200);
        follower.interrupt();
        follower.join(5_000);

        assertThat(follower.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedIOException.class);
        writer.close();
    }

    @Test
    void whenHolds_fileGrowsPastOneSizeAndEndsShortOfAnother_onlyTheFirstCompletes() throws Exception {
        CompressedFileWriter writer = CompressedFileWriter.create(dir.resolve("c.gz"), Compression.GZIP);
        CompletableFuture<Void> reached = writer.whenHolds(100_000);
        CompletableFuture<Void> beyond = writer.whenHolds(10_000_000);
        assertThat(reached).isNotDone();
        byte[] incompressible = new byte[300_000];
        new Random(3).nextBytes(incompressible);

        writer.stream().write(incompressible);
        writer.close();

        assertThat(reached).isDone();
        assertThat(beyond).isNotDone();
        assertThat(writer.whenHolds(100_000)).as("asked once the size is there").isDone();
    }

    @Test
    void result_beforeClose_isRefused() throws Exception {
        CompressedFileWriter writer = CompressedFileWriter.create(dir.resolve("c.gz"), Compression.GZIP);
        assertThatThrownBy(writer::result).isInstanceOf(IllegalStateException.class);
        writer.close();
        assertThat(writer.isClosed()).isTrue();
    }

    @Test
    void createBoth_oneCompression_clearAndSealedFilesEachWithTheirOwnSizeAndHash() throws Exception {
        // given a sealing that turns every byte into another (age stands for it in the run)
        CompressedFileWriter.Sealing flip = out -> new java.io.FilterOutputStream(out) {
            @Override
            public void write(int b) throws java.io.IOException {
                out.write(b ^ 0x5a);
            }
        };
        Path clearFile = dir.resolve("c.gz");
        Path sealedFile = dir.resolve("c.gz.age");
        CompressedFileWriter writer = CompressedFileWriter.createBoth(clearFile, sealedFile, Compression.GZIP, flip);
        CompletableFuture<byte[]> followedClear = CompletableFuture.supplyAsync(() -> readAll(writer.clear()));
        CompletableFuture<byte[]> followedSealed = CompletableFuture.supplyAsync(() -> readAll(writer.sealed()));
        byte[] raw = "INSERT INTO t VALUES (1, 'canary');\n".repeat(50_000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        // when
        writer.stream().write(raw);
        writer.close();

        // then the clear file is the compression of the raw bytes, the sealed one the same bytes sealed
        byte[] clear = Files.readAllBytes(clearFile);
        byte[] sealed = Files.readAllBytes(sealedFile);
        assertThat(new GZIPInputStream(new java.io.ByteArrayInputStream(clear)).readAllBytes()).isEqualTo(raw);
        assertThat(sealed).hasSameSizeAs(clear);
        for (int i = 0; i < clear.length; i++) {
            assertThat(sealed[i]).isEqualTo((byte) (clear[i] ^ 0x5a));
        }
        assertThat(writer.clear().result()).isEqualTo(new CompressedFileWriter.Result(raw.length, clear.length, Sha256.of(clear)));
        assertThat(writer.sealed().result()).isEqualTo(new CompressedFileWriter.Result(raw.length, sealed.length, Sha256.of(sealed)));
        assertThat(writer.result()).as("the writer's own result is the sealed file's").isEqualTo(writer.sealed().result());
        assertThat(followedClear.get(30, TimeUnit.SECONDS)).isEqualTo(clear);
        assertThat(followedSealed.get(30, TimeUnit.SECONDS)).isEqualTo(sealed);
        assertThat(Files.getPosixFilePermissions(clearFile)).isEqualTo(Files.getPosixFilePermissions(sealedFile))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    private static byte[] readAll(CompressedFileWriter.Stored stored) {
        try (InputStream in = stored.follow()) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
