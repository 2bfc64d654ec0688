package dev.backstop.target;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.Sha256;
import dev.backstop.core.TargetException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage primitives every {@link Target} must get right; {@link TargetContract} adds the
 * commit protocol on top. A target type passes by extending {@link TargetContract} and
 * supplying the fixture: {@link #createTarget()} and, where it can, {@link #corruptBehindTheBack}
 * and {@link #localRoot()}.
 */
public abstract class TargetPrimitivesContract {

    /** Local scratch space for spool files, never the target. */
    @TempDir
    protected Path spool;

    protected Target target;
    /** The fixture's target without the decorators of {@link #stack}; faults are planted around it. */
    protected Target bare;

    /** A fresh, empty target for one test; closed after it. */
    protected abstract Target createTarget() throws Exception;

    /**
     * Changes one byte of a stored file without going through the target, as a failing disk or
     * a hostile server would. Targets that cannot do that leave this alone; tests needing it abort.
     */
    protected void corruptBehindTheBack(String path) throws Exception {
        Assumptions.abort("this fixture cannot change stored bytes behind the target's back");
    }

    /**
     * Whether {@link Target#storageSha256} computes hashes on this fixture's storage. One that
     * does not must answer empty for every file, so that the caller reads the bytes back. Yes by
     * default; a fixture whose storage cannot hash says no.
     */
    protected boolean offersStorageHash() {
        return true;
    }

    /** Where the target's root is visible as a local directory (local, SFTP to this machine), if anywhere. */
    protected Optional<Path> localRoot() {
        return Optional.empty();
    }

    /**
     * Wraps a target in what runs put around it ({@code Targets.decorate}). The bare fixtures add
     * nothing; a production-stack fixture adds the decorators, so that every test, and every fault
     * planted below the decorators with {@link #bare}, runs through them.
     */
    protected Target stack(Target t) {
        return t;
    }

    @BeforeEach
    void openTarget() throws Exception {
        bare = createTarget();
        target = stack(bare);
        // a run preflights first, which creates the root; tests start from there
        target.makeDirectories("");
    }

    @AfterEach
    void closeTarget() throws Exception {
        if (target != null) {
            target.close();
        }
    }

    protected static InputStream bytes(byte[] data) {
        return new ByteArrayInputStream(data);
    }

    protected byte[] readAll(String path) throws IOException {
        try (InputStream in = target.read(path)) {
            return in.readAllBytes();
        }
    }

    @Test
    void write_thenRead_returnsTheSameBytes() throws Exception {
        byte[] data = TestStreams.randomBytes(300_000, 1);
        target.makeDirectories("a");

        long written = target.write("a/data.bin", bytes(data));

        assertThat(written).isEqualTo(data.length);
        assertThat(readAll("a/data.bin")).isEqualTo(data);
        assertThat(target.stat("a/data.bin")).hasValueSatisfying(i -> {
            assertThat(i.name()).isEqualTo("data.bin");
            assertThat(i.directory()).isFalse();
            assertThat(i.size()).isEqualTo(data.length);
        });
    }

    @Test
    void write_emptyStream_storesAnEmptyFile() throws Exception {
        assertThat(target.write("empty", bytes(new byte[0]))).isZero();

        assertThat(target.stat("empty")).hasValueSatisfying(i -> assertThat(i.size()).isZero());
    }

    @Test
    void write_existingFile_replacesItsContent() throws Exception {
        target.write("f", bytes("a much longer first version".getBytes(UTF_8)));

        target.write("f", bytes("second".getBytes(UTF_8)));

        assertThat(readAll("f")).asString(UTF_8).isEqualTo("second");
    }

    @Test
    void write_streamThrowsHalfway_throwsAndDeleteLeavesNothing() throws Exception {
        InputStream failing = TestStreams.failingAfter(bytes(TestStreams.randomBytes(200_000, 2)), 100_000);

        assertThatThrownBy(() -> target.write("half", failing)).isInstanceOf(IOException.class)
                .hasMessageContaining("planted read failure");
        target.delete("half");

        assertThat(target.stat("half")).isEmpty();
    }

    @Test
    void read_missingFile_throwsNoSuchFile() {
        assertThatThrownBy(() -> readAll("nothing/here")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void stat_missingPath_isEmpty() throws Exception {
        assertThat(target.stat("missing")).isEmpty();
        assertThat(target.stat("missing/deeper")).isEmpty();
    }

    @Test
    void stat_directory_saysDirectory() throws Exception {
        target.makeDirectories("d");

        assertThat(target.stat("d")).hasValueSatisfying(i -> assertThat(i.directory()).isTrue());
    }

    @Test
    void list_missingDirectory_isEmpty() throws Exception {
        assertThat(target.list("no/such/dir")).isEmpty();
    }

    @Test
    void list_directory_namesItsEntriesOnly() throws Exception {
        target.makeDirectories("d/sub/deeper");
        target.write("d/file", bytes("x".getBytes(UTF_8)));

        List<FileInfo> entries = target.list("d");

        assertThat(entries).extracting(FileInfo::name).containsExactlyInAnyOrder("file", "sub");
        assertThat(entries).filteredOn(FileInfo::directory).extracting(FileInfo::name).containsExactly("sub");
    }

    @Test
    void makeDirectories_nestedTwice_isIdempotent() throws Exception {
        target.makeDirectories("x/y/z");
        target.write("x/y/z/keep", bytes("k".getBytes(UTF_8)));

        target.makeDirectories("x/y/z");
        target.makeDirectories("x/y");

        assertThat(readAll("x/y/z/keep")).asString(UTF_8).isEqualTo("k");
    }

    @Test
    void rename_directory_movesItWithItsContent() throws Exception {
        target.makeDirectories("from/inner");
        target.write("from/inner/f", bytes("content".getBytes(UTF_8)));
        target.makeDirectories("to");

        target.rename("from", "to/moved");

        assertThat(target.stat("from")).isEmpty();
        assertThat(readAll("to/moved/inner/f")).asString(UTF_8).isEqualTo("content");
    }

    @Test
    void rename_ontoExistingFile_failsAndChangesNothing() throws Exception {
        target.write("a", bytes("A".getBytes(UTF_8)));
        target.write("b", bytes("B".getBytes(UTF_8)));

        assertThatThrownBy(() -> target.rename("a", "b")).isInstanceOf(IOException.class);

        assertThat(readAll("a")).asString(UTF_8).isEqualTo("A");
        assertThat(readAll("b")).asString(UTF_8).isEqualTo("B");
    }

    @Test
    void rename_ontoExistingEmptyDirectory_failsAndChangesNothing() throws Exception {
        // rename(2) replaces an empty directory silently; a committed set must never be replaced
        target.makeDirectories("set");
        target.write("set/f", bytes("new".getBytes(UTF_8)));
        target.makeDirectories("existing");

        assertThatThrownBy(() -> target.rename("set", "existing")).isInstanceOf(IOException.class);

        assertThat(readAll("set/f")).asString(UTF_8).isEqualTo("new");
        assertThat(target.list("existing")).isEmpty();
    }

    @Test
    void delete_directoryTree_removesEverythingAndIsIdempotent() throws Exception {
        target.makeDirectories("tree/a/b");
        target.write("tree/a/b/f", bytes("1".getBytes(UTF_8)));
        target.write("tree/g", bytes("2".getBytes(UTF_8)));
        target.write("sibling", bytes("3".getBytes(UTF_8)));

        target.delete("tree");
        target.delete("tree");

        assertThat(target.stat("tree")).isEmpty();
        assertThat(target.stat("sibling")).isPresent();
    }

    @Test
    void delete_missingPath_isFine() throws Exception {
        target.delete("never/existed");

        assertThat(target.stat("never")).isEmpty();
    }

    @Test
    void paths_escapingTheRootOrMalformed_areRejected() {
        for (String bad : List.of("../outside", "/etc/passwd", "a/../../b", "a/./b", "a//b", "a/")) {
            List<ThrowingCallable> calls = List.of(
                    () -> target.write(bad, bytes(new byte[1])),
                    () -> target.read(bad),
                    () -> target.stat(bad),
                    () -> target.list(bad),
                    () -> target.makeDirectories(bad),
                    () -> target.rename("x", bad),
                    () -> target.rename(bad, "x"),
                    () -> target.delete(bad),
                    () -> target.syncDirectory(bad));
            for (ThrowingCallable call : calls) {
                assertThatThrownBy(call).as("path %s", bad).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(bad);
            }
        }
    }

    @Test
    void delete_root_isRefused() {
        assertThatThrownBy(() -> target.delete("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void syncDirectory_existingDirectory_succeeds() throws Exception {
        target.makeDirectories("s");
        target.write("s/f", bytes("f".getBytes(UTF_8)));

        target.syncDirectory("s");

        assertThat(target.stat("s/f")).isPresent();
    }

    @Test
    void storageSha256_whenOffered_isTheHashOfWhatIsStoredNow() throws Exception {
        byte[] data = TestStreams.randomBytes(10_000, 3);
        target.write("h", bytes(data));
        Optional<String> reported = target.storageSha256("h");
        if (!offersStorageHash()) {
            // the contract for a storage that cannot hash: empty, so the caller reads the bytes back
            assertThat(reported).as("a target without storage hash answers empty, never a guess").isEmpty();
            corruptBehindTheBack("h");
            assertThat(target.storageSha256("h")).isEmpty();
            return;
        }
        assertThat(reported).as("this target says it offers a storage hash").isPresent();
        assertThat(Sha256.matches(Sha256.of(data), reported.get())).isTrue();

        corruptBehindTheBack("h");

        assertThat(target.storageSha256("h")).hasValueSatisfying(
                after -> assertThat(Sha256.matches(Sha256.of(data), after)).isFalse());
    }

    @Test
    void preflight_emptyTarget_probesAndReportsFreeSpace() throws Exception {
        long free = target.preflight(1);

        assertThat(free).satisfiesAnyOf(f -> assertThat(f).isEqualTo(-1), f -> assertThat(f).isPositive());
        assertThat(target.list("")).as("the probe leaves nothing behind").isEmpty();
    }

    @Test
    void preflight_moreThanFree_failsNamingBothNumbers() throws Exception {
        Assumptions.assumeTrue(target.preflight(0) >= 0, "this target cannot tell its free space");
        long needed = Long.MAX_VALUE / 4;

        assertThatThrownBy(() -> target.preflight(needed)).isInstanceOf(TargetException.class)
                .hasMessageContaining(target.name()).hasMessageContaining("free")
                .hasMessageContaining(String.valueOf(needed));
    }
}
