package dev.backstop.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.Sha256;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertThat(dir.resolve("incremental/web1/www.snapshot")).hasContent("snapshot one");
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

    private ChainState advance(SnapshotStates states, String snapshot) throws Exception {
        Path spool = Files.writeString(dir.resolve(".snapshot-www"), snapshot);
        ChainState state = new ChainState("web1", "www", "20261204T020000Z", 1, "20261203T020000Z", "paths [/srv]",
                Sha256.of(snapshot.getBytes(StandardCharsets.US_ASCII)));
        states.advance(state, spool);
        return state;
    }
}
