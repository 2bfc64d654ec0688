package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.commit.BackupSetLayout;
import dev.backstop.config.RetentionPolicy;
import dev.backstop.core.BackupId;
import dev.backstop.core.Json;
import dev.backstop.core.Manifest;
import dev.backstop.target.TestSets;
import dev.backstop.target.local.LocalConfig;
import dev.backstop.target.local.LocalTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chains of incremental archives planted on a local target, seen through the commands: prune
 * keeps a kept set's chain and says why, list shows each set's place, verify finds a gap.
 */
class ChainsCliTest {

    private static final List<String> OLD_CHAIN = List.of("20251020T030000Z", "20251021T030000Z");
    private static final List<String> CHAIN = List.of("20251101T030000Z", "20251102T030000Z", "20251103T030000Z");

    @TempDir
    Path dir;

    private Path config;

    private record Result(int exitCode, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8), args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void twoChainsOnALocalTarget() throws Exception {
        config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: %s
                state_dir: %s
                sources:
                  - {name: application, type: files, paths: [%s]}
                targets:
                  - name: local
                    type: local
                    path: %s
                    retention: {keep_last: 1}
                """.formatted(TestSets.HOST, dir.resolve("state"), dir, dir.resolve("backups")));
        LocalTarget target = new LocalTarget(new LocalConfig("local", dir.resolve("backups"), RetentionPolicy.keepEverything()));
        target.preflight(0);
        TestSets.commitChain(target, dir.resolve("spool"), OLD_CHAIN);
        TestSets.commitChain(target, dir.resolve("spool"), CHAIN);
    }

    private List<String> setIds() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("backups"))) {
            return s.filter(p -> p.getFileName().toString().equals(Manifest.FILE_NAME))
                    .map(p -> p.getParent().getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void pruneWithKeepLastOne_keepsTheNewestSetsWholeChainAndSaysWhy() throws Exception {
        // when
        Result dry = run("prune", "--dry-run", "--config", config.toString());
        Result prune = run("prune", "--config", config.toString());

        // then the dry run names why each set of the chain stays, and the prune removes the old chain only
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("  keep   20251103T030000Z  last 1/1")
                .contains("  keep   20251102T030000Z  needed by 20251103T030000Z")
                .contains("  keep   20251101T030000Z  base of 20251103T030000Z")
                .contains("  remove 20251021T030000Z  no rule keeps it")
                .contains("  remove 20251020T030000Z  no rule keeps it")
                .contains("dry run: would remove 2 backup(s)");
        assertThat(prune.exitCode()).as(prune.err()).isZero();
        assertThat(setIds()).containsExactlyElementsOf(CHAIN);
        Result verify = run("verify", "--read-data", "--config", config.toString());
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out() + verify.err()).doesNotContain("CRITICAL").doesNotContain("ERROR");
    }

    @Test
    void list_showsEachSetsPlaceInItsChain_asTextAndJson() throws Exception {
        // when
        Result text = run("list", "--config", config.toString());
        Result json = run("list", "--json", "--config", config.toString());

        // then
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("CHAIN").containsPattern("20251101T030000Z .* full +not in history")
                .containsPattern("20251103T030000Z .* \\+2 of 20251101T030000Z +not in history");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode newest = null;
        for (JsonNode b : Json.mapper().readTree(json.out()).get("backups")) {
            if (b.get("id").asText().equals("20251103T030000Z")) {
                newest = b;
            }
        }
        assertThat(newest).isNotNull();
        assertThat(newest.get("chain").asText()).isEqualTo("+2 of 20251101T030000Z");
        JsonNode increment = newest.get("increments").get(0);
        assertThat(increment.get("component").asText()).isEqualTo("application");
        assertThat(increment.get("level").asInt()).isEqualTo(2);
        assertThat(increment.get("base").asText()).isEqualTo("20251101T030000Z");
        assertThat(increment.get("previous").asText()).isEqualTo("20251102T030000Z");
    }

    @Test
    void verifyAndPrune_gapInTheChain_isCriticalAndPruneStillKeepsWhatIsLeft() throws Exception {
        // given the middle set of the newest chain is deleted outside backstop
        deleteTree(dir.resolve("backups").resolve(BackupSetLayout.finalDir(TestSets.HOST,
                BackupId.parse("20251102T030000Z"))));

        // when
        Result verify = run("verify", "--config", config.toString());
        Result prune = run("prune", "--config", config.toString());

        // then verify fails naming the set and the missing one, and prune keeps the full
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isEqualTo(6);
        assertThat(verify.out() + verify.err()).contains("CRITICAL local 20251103T030000Z application.tar.gz: component"
                + " application is increment 2 of the chain based on full 20251101T030000Z, and the chain is broken: set"
                + " 20251103T030000Z needs set 20251102T030000Z, which this target does not hold");
        assertThat(prune.exitCode()).as(prune.err()).isZero();
        assertThat(prune.out()).contains("  keep   20251101T030000Z  base of 20251103T030000Z");
        assertThat(setIds()).containsExactly("20251101T030000Z", "20251103T030000Z");
    }

    @Test
    void verifyReadData_flippedByteInASnapshotCopy_isNamedAndExits6() throws Exception {
        // given one byte of the newest set's copy of the snapshot state flipped on the storage
        Path copy = dir.resolve("backups").resolve(BackupSetLayout.finalDir(TestSets.HOST,
                BackupId.parse("20251103T030000Z"))).resolve("application.snapshot.gz");
        byte[] bytes = Files.readAllBytes(copy);
        bytes[3] ^= 0x20;
        Files.write(copy, bytes);

        // when
        Result sizes = run("verify", "--config", config.toString());
        Result data = run("verify", "--read-data", "--config", config.toString());

        // then only reading the data finds it, and names the file
        assertThat(sizes.exitCode()).as(sizes.out() + sizes.err()).isZero();
        assertThat(data.exitCode()).as(data.out() + data.err()).isEqualTo(6);
        assertThat(data.out() + data.err()).contains("20251103T030000Z application.snapshot.gz: read " + bytes.length
                + " bytes with SHA-256");
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
