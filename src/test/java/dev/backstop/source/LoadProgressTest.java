package dev.backstop.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.Progress;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.exec.RunningProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A load's progress is the read position of the client that has the SQL file as its standard input. */
class LoadProgressTest {

    @TempDir
    Path dir;

    @Test
    void watch_clientReadingTheFile_reportsItsReadPositionAgainstTheFileSize() throws Exception {
        // given a "client" that reads the first 64 KiB of a 1 MiB file, then waits
        Path sql = dir.resolve("appdb.sql");
        Files.write(sql, new byte[1 << 20]);
        List<String> seen = new CopyOnWriteArrayList<>();
        Progress recording = new Progress() {
            @Override
            public void start(String label, long totalBytes) {
                seen.add("start " + label + " " + totalBytes);
            }

            @Override
            public void update(long doneBytes) {
                seen.add("at " + doneBytes);
            }

            @Override
            public void finish() {
                seen.add("finish");
            }
        };

        // when
        try (LoadProgress load = LoadProgress.watch(recording, "load appdb", sql);
             RunningProcess client = new ProcessRunner().start(ProcessSpec.of("sh", "-c",
                     "dd bs=65536 count=1 of=/dev/null 2>/dev/null; sleep 1").withStdin(sql))) {
            client.waitFor();
        }

        // then
        assertThat(seen.get(0)).isEqualTo("start load appdb " + (1 << 20));
        assertThat(seen).contains("at 65536").endsWith("finish");
    }

    @Test
    void watch_none_startsNothing() throws Exception {
        Path sql = Files.writeString(dir.resolve("x.sql"), "SELECT 1;");

        try (LoadProgress load = LoadProgress.watch(Progress.NONE, "load x", sql)) {
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("load-progress"));
        }
    }
}
