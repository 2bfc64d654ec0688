package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.history.HistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step 3 of a run: committed sets that history does not know are re-read, then adopted or reported. */
class RecoveryIT {

    @TempDir
    Path dir;

    private Path config;

    @BeforeEach
    void firstBackup() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/a.txt"), "some content\n".repeat(1000));
        config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: state
                sources:
                  - name: data
                    type: files
                    paths: [data]
                targets:
                  - name: local
                    type: local
                    path: backups
                """);
        BackstopProcess.Result first = BackstopProcess.run("run", "--config", config.toString());
        assertThat(first.exitCode()).as(first.all()).isZero();
    }

    private void loseHistory() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("state"))) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("history.db")).toList()) {
                Files.delete(p);
            }
        }
    }

    private Path onlySet() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("backups"))) {
            return s.filter(p -> p.getFileName().toString().equals("MANIFEST.json")).findFirst().orElseThrow().getParent();
        }
    }

    @Test
    void run_intactSetUnknownToHistory_isAdopted() throws Exception {
        String id = onlySet().getFileName().toString();
        loseHistory();

        BackstopProcess.Result next = BackstopProcess.run("run", "--config", config.toString());

        assertThat(next.exitCode()).as(next.all()).isZero();
        assertThat(next.err()).contains("backup " + id + " was not in history; re-read, intact, adopted");
        try (HistoryStore history = HistoryStore.open(dir.resolve("state/history.db"))) {
            assertThat(history.committedIds("local")).contains(id).hasSize(2);
            assertThat(history.run(id).orElseThrow().reason()).contains("adopted from target local");
        }
        BackstopProcess.Result list = BackstopProcess.run("list", "--config", config.toString());
        assertThat(list.out()).doesNotContain("not in history");
    }

    @Test
    void run_damagedSetUnknownToHistory_isReportedNotAdopted() throws Exception {
        Path set = onlySet();
        String id = set.getFileName().toString();
        Path component = set.resolve("data.tar.gz");
        byte[] bytes = Files.readAllBytes(component);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(component, bytes);
        loseHistory();

        BackstopProcess.Result next = BackstopProcess.run("run", "--config", config.toString());

        assertThat(next.exitCode()).as(next.all()).isZero();
        assertThat(next.err()).contains("backup " + id + " is not in history and is damaged")
                .contains("data.tar.gz");
        try (HistoryStore history = HistoryStore.open(dir.resolve("state/history.db"))) {
            assertThat(history.committedIds("local")).doesNotContain(id).hasSize(1);
        }
    }
}
