package dev.backstop.cli;

import dev.backstop.testing.Services;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}) for the dashboard's browser test: the rendered
 * DOM after the page's script ran, and screenshots. Each call uses a fresh profile directory and
 * no network but the page's.
 */
final class Chromium {

    static final Path BINARY = Services.Chromium.BINARY;

    private final Path work;

    private Chromium(Path work) {
        this.work = work;
    }

    /** Chromium with its files in {@code work}; the test says {@code @RequiresService(Services.Chromium.class)}. */
    static Chromium in(Path work) {
        return new Chromium(work);
    }

    /** The DOM of {@code url} once loaded and its scripts ran. */
    String dumpDom(String url, int width, int height) throws IOException, InterruptedException {
        return run(url, width, height, "--dump-dom");
    }

    /** A PNG of the first {@code width} x {@code height} pixels of {@code url}. */
    void screenshot(String url, int width, int height, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        run(url, width, height, "--screenshot=" + png.toAbsolutePath(), "--hide-scrollbars");
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("chromium wrote no screenshot to " + png);
        }
    }

    private String run(String url, int width, int height, String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium-profile");
        Path out = Files.createTempFile(work, "chromium", ".out");
        Path err = Files.createTempFile(work, "chromium", ".err");
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--force-device-scale-factor=1",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height));
        cmd.addAll(List.of(extra));
        cmd.add(url);
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s: " + Files.readString(err));
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("chromium exited " + p.exitValue() + ": " + Files.readString(err));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
