package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ComponentEntry;
import dev.backstop.core.Manifest;
import dev.backstop.core.ManifestFormat;
import dev.backstop.core.ManifestReading;
import dev.backstop.source.files.RawTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names that are not UTF-8, next to files really named like their escaped forms, backed up
 * as cron runs backstop (the launcher with a minimal environment) and as a bare {@code env -i}
 * JVM in the POSIX locale, then restored by {@code backstop restore} and by GNU tar alone: every
 * name and every content comes back byte for byte, as listed by find, not by Java.
 */
class RawNamesIT {

    /** What cron gives a job: no locale at all. */
    private static final List<String> CRON_ENV = List.of("env", "-i", "PATH=/usr/bin:/bin", "HOME=/root",
            "LOGNAME=root", "SHELL=/bin/sh");

    @TempDir
    Path dir;

    private Path data;
    private Path config;
    private SortedMap<String, String> original;

    @BeforeEach
    void setUp() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        List<RawTree.Entry> entries = new ArrayList<>(RawTree.trickyEntries());
        for (byte[] name : RawTree.randomNames(new Random(15), 30)) {
            entries.add(RawTree.Entry.file(name));
        }
        RawTree.create(data, entries);
        original = RawTree.of(data);
        assertThat(original).hasSize(entries.size());
        config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: it-host
                state_dir: %s
                sources:
                  - name: app
                    type: files
                    paths: [%s]
                targets:
                  - name: local
                    type: local
                    path: %s
                """.formatted(dir.resolve("state"), data, dir.resolve("backups")));
    }

    @Test
    void run_namesThatAreNotUtf8_restoreAndGnuTarGiveBackEveryNameAndByte() throws Exception {
        // when: a run as cron starts the launcher, and one by a JVM in the POSIX locale
        Shell.Result cron = Shell.run(String.join(" ", CRON_ENV) + " BACKSTOP_JAR='" + BackstopProcess.jar() + "' ./backstop"
                + " run --config '" + config + "'");
        assertThat(cron.exitCode()).as(cron.output()).isZero();
        BackstopProcess.Result posix = posix("run", "--config", config.toString());
        assertThat(posix.exitCode()).as(posix.all()).isZero();
        assertThat(cron.output() + posix.all()).doesNotContain("UTF-8", "warning");

        // then every set records the tree as find counts it
        List<Path> sets = sets();
        assertThat(sets).hasSize(2);
        for (Path set : sets) {
            ComponentEntry app = manifest(set).components().get(0);
            assertThat(app.facts().entries()).isEqualTo(original.size() + 1L); // and the configured directory
            assertThat(app.facts().fileCount()).isEqualTo(regularFiles(data));
            assertThat(app.facts().fileBytes()).isEqualTo(bytesOfFiles(data));
            assertThat(app.facts().changed()).isEmpty();
        }
        Path set = sets.get(1);
        String id = set.getFileName().toString();

        // and backstop restore gives back every name and every byte
        Path restored = dir.resolve("restored");
        BackstopProcess.Result restore = posix("restore", "--backup", id, "--to", restored.toString(), "--config",
                config.toString());
        assertThat(restore.exitCode()).as(restore.all()).isZero();
        assertThat(RawTree.of(below(restored.resolve("app"), data))).isEqualTo(original);

        // and so does GNU tar alone, in the POSIX locale
        Path byTar = Files.createDirectories(dir.resolve("by-tar"));
        Shell.ok("env -i tar -xf '" + set.resolve("app.tar.gz") + "' -C '" + byTar + "'");
        assertThat(RawTree.of(below(byTar, data))).isEqualTo(original);

        // and the restore test counts what the manifest recorded
        BackstopProcess.Result test = posix("restore-test", "--backup", id, "--config", config.toString());
        assertThat(test.exitCode()).as(test.all()).isZero();
    }

    /** backstop in a JVM started with no environment at all: the POSIX locale, ASCII file names. */
    private static BackstopProcess.Result posix(String... args) throws Exception {
        return BackstopProcess.run(Map.of(), List.of("env", "-i"), args);
    }

    private List<Path> sets() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("backups"))) {
            return s.filter(p -> p.getFileName().toString().equals(Manifest.FILE_NAME))
                    .filter(p -> !p.toString().contains("/.partial/")).map(Path::getParent).sorted().toList();
        }
    }

    private static Manifest manifest(Path set) throws Exception {
        return ((ManifestReading.Known) ManifestFormat.read(Files.readAllBytes(set.resolve(Manifest.FILE_NAME))))
                .manifest();
    }

    private static long bytesOfFiles(Path root) throws Exception {
        long total = 0;
        for (String size : Shell.ok("find '" + root + "' -type f -printf '%s\\n'").split("\n")) {
            total += Long.parseLong(size.trim());
        }
        return total;
    }

    private static long regularFiles(Path root) throws Exception {
        return Long.parseLong(Shell.ok("find '" + root + "' -type f -printf x | wc -c").strip()); // names may hold newlines
    }

    private static Path below(Path restored, Path original) {
        return restored.resolve(original.toString().substring(1));
    }
}
