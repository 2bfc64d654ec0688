package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.codec.ZstdFrameInput;
import dev.backstop.core.Json;
import dev.backstop.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStatesTest {

    @TempDir
    Path dir;

    @Test
    void read_nothingYet_null() throws Exception {
        assertThat(new SnapshotStates(dir, "web1").read("www")).isNull();
    }

    @Test
    void advance_thenRead_sameStateUnderTheHostsDirectory() throws Exception {
        SnapshotStates states = new SnapshotStates(dir, "web1");
        ChainState state = advance(states, "snapshot one\n");

        assertThat(states.read("www")).isEqualTo(state);
        Path kept = dir.resolve("incremental/web1/www.snapshot");
        assertThat(state.snapshotSha256()).as("of the file as kept").isEqualTo(Sha256.of(Files.readAllBytes(kept)));
        try (InputStream in = new ZstdFrameInput(Files.newInputStream(kept))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).as("kept compressed with zstd")
                    .isEqualTo("snapshot one\n");
        }
        assertThat(new SnapshotStates(dir, "web2").read("www")).as("another host's").isNull();
    }

    @Test
    void read_snapshotReplacedWithoutItsChainFile_refusedNamingTheFile() throws Exception {
        // a run killed between the two renames of an advance
        SnapshotStates states = new SnapshotStates(dir, "web1");
        advance(states, "snapshot one\n");
        Files.writeString(states.snapshot("www"), "snapshot two\n");

        assertThatThrownBy(() -> states.read("www")).hasMessageContaining("www.snapshot is not the snapshot")
                .hasMessageContaining("www.chain.json");
    }

    @Test
    void read_snapshotMissingOrChainFileDamaged_refused() throws Exception {
        SnapshotStates states = new SnapshotStates(dir, "web1");
        advance(states, "snapshot one\n");
        Files.delete(states.snapshot("www"));
        assertThatThrownBy(() -> states.read("www")).hasMessageContaining("www.snapshot is missing");

        Files.writeString(states.chainFile("www"), "{ not json");
        assertThatThrownBy(() -> states.read("www")).hasMessageContaining("www.chain.json cannot be read");
    }

    @Test
    void read_withTheHashReadAhead_judgedByThatHash() throws Exception {
        SnapshotStates states = new SnapshotStates(dir, "web1");
        ChainState state = advance(states, "snapshot one\n");
        String hashOfTwo = Sha256.of("snapshot two\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(state.snapshotSha256()).isNotEqualTo(hashOfTwo);

        assertThat(states.read("www", CompletableFuture.completedFuture(state.snapshotSha256()))).isEqualTo(state);
        // the bytes the source read ahead (and compares with) are the ones the chain file must match
        assertThatThrownBy(() -> states.read("www", CompletableFuture.completedFuture(hashOfTwo)))
                .hasMessageContaining("www.snapshot is not the snapshot");
    }

    @Test
    void read_readAheadFailed_fileHashedHereAndJudgedAsUsual() throws Exception {
        SnapshotStates states = new SnapshotStates(dir, "web1");
        ChainState state = advance(states, "snapshot one\n");

        assertThat(states.read("www", CompletableFuture.failedFuture(new IOException("cut")))).isEqualTo(state);
        Files.delete(states.snapshot("www"));
        assertThatThrownBy(() -> states.read("www", CompletableFuture.failedFuture(new IOException("cut"))))
                .hasMessageContaining("www.snapshot is missing");
    }

    @Test
    void read_snapshotKeptPlainByAnEarlierVersion_readAsItIs() throws Exception {
        SnapshotStates states = new SnapshotStates(dir, "web1");
        Files.createDirectories(states.snapshot("www").getParent());
        Files.writeString(states.snapshot("www"), "snapshot one\n");
        ChainState state = new ChainState("web1", "www", "20261204T020000Z", 1, "20261203T020000Z", "paths [/srv]",
                Sha256.of("snapshot one\n".getBytes(StandardCharsets.US_ASCII)));
        Files.write(states.chainFile("www"), Json.mapper().writeValueAsBytes(state));

        assertThat(states.read("www")).isEqualTo(state);
    }

    private ChainState advance(SnapshotStates states, String snapshot) throws Exception {
        Path spool = Files.writeString(dir.resolve(".snapshot-www"), snapshot);
        return states.advance(new ChainState("web1", "www", "20261204T020000Z", 1, "20261203T020000Z", "paths [/srv]",
                null), spool);
    }
}
