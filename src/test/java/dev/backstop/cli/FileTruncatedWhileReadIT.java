package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.backstop.core.Json;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A log rotated with copytruncate while the packaged jar reads it: the run is paused (SIGSTOP)
 * with the file open and half read, the file is emptied, the run goes on. What it stored is named
 * in the summary line, the manifest and the dashboard, with the byte where reading stopped.
 */
class FileTruncatedWhileReadIT {

    private static final long SIZE = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void run_logEmptiedWhileRead_exitsZeroNamingTheFileInSummaryManifestAndDashboard() throws Exception {
        // given a 1 GiB log (sparse: read at memory speed, still long enough to catch half read)
        Path log = Files.createDirectories(dir.resolve("www")).resolve("app.log");
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "rw")) {
            f.setLength(SIZE);
        }
        Path config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: %s
                compression: zstd
                sources:
                  - name: www
                    type: files
                    paths: [www]
                targets:
                  - name: local
                    type: local
                    path: %s
                """.formatted(dir.resolve("state"), dir.resolve("backups")));
        Path logs = Files.createDirectories(dir.resolve("logs"));

        // when the file is emptied while the run holds it open, half read
        Process run = BackstopProcess.start(logs, Map.of(), List.of(), "run", "--config", config.toString());
        long readBeforeCut;
        try {
            readBeforeCut = emptyWhileRead(run, log);
        } finally {
            Shell.run("kill -CONT " + run.pid());
        }
        assertThat(run.waitFor(2, TimeUnit.MINUTES)).as("run finished").isTrue();

        // then the run succeeds and its summary says which file and what was stored
        String out = output(logs, "out-");
        String note = "www: " + log + ": shrank from 1.0 GiB to 0 B while read; stored 1.0 GiB, zero-padded after byte "
                + readBeforeCut;
        assertThat(run.exitValue()).as(out + output(logs, "err-")).isZero();
        assertThat(out.strip().lines().reduce((a, b) -> b).orElseThrow()).contains("complete").endsWith("; 1 warning: " + note);
        // the manifest records it among the files that changed while read
        JsonNode changed = manifest().path("components").get(0).path("facts").path("changed");
        assertThat(changed).hasSize(1);
        assertThat(changed.get(0).path("path").asText()).isEqualTo(log.toString());
        assertThat("www: " + log + ": " + changed.get(0).path("reason").asText()).isEqualTo(note);
        // and the dashboard shows it with the run
        try (DashboardProcess dashboard = DashboardProcess.start(dir, Map.of(), "dashboard", "--listen", "127.0.0.1:0",
                "--config", config.toString())) {
            HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dashboard.url))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("<ul class=\"warnings\"><li>" + note + "</li></ul>");
        }
    }

    /**
     * Waits until {@code run} has read part of {@code file}, stops it (SIGSTOP), empties the file
     * and returns how many bytes it had read. The caller continues the run.
     */
    private static long emptyWhileRead(Process run, Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && run.isAlive()) {
            Path fd = openFd(run.pid(), file);
            if (fd != null && position(fd) > 0) {
                Shell.ok("kill -STOP " + run.pid());
                Thread.sleep(200); // every thread has stopped; the position no longer moves
                long read = position(fd);
                assertThat(read).as("the run is paused half way through " + file).isBetween(1L, SIZE - 1);
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.truncate(0);
                }
                return read;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("the run never held " + file + " open (alive: " + run.isAlive() + ")");
    }

    /** The {@code /proc/<pid>/fdinfo} entry of the descriptor {@code pid} holds on {@code file}, or null. */
    private static Path openFd(long pid, Path file) throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file)) {
                        return Path.of("/proc/" + pid + "/fdinfo/" + fd.getFileName());
                    }
                } catch (java.io.IOException e) {
                    // closed meanwhile
                }
            }
        }
        return null;
    }

    private static long position(Path fdinfo) throws Exception {
        try {
            return Files.readAllLines(fdinfo).stream().filter(l -> l.startsWith("pos:"))
                    .mapToLong(l -> Long.parseLong(l.substring(4).strip())).findFirst().orElse(-1);
        } catch (java.io.IOException e) {
            return -1; // closed meanwhile
        }
    }

    private JsonNode manifest() throws Exception {
        try (Stream<Path> files = Files.walk(dir.resolve("backups"))) {
            Path manifest = files.filter(p -> p.endsWith("MANIFEST.json")).findFirst().orElseThrow();
            return Json.mapper().readTree(manifest.toFile());
        }
    }

    private static String output(Path logs, String prefix) throws Exception {
        try (Stream<Path> files = Files.list(logs)) {
            StringBuilder all = new StringBuilder();
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
                all.append(Files.readString(p, StandardCharsets.UTF_8));
            }
            return all.toString();
        }
    }
}
