package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher at the root of the repository and the class-data archive the build makes beside
 * the jar: the launcher maps it, and one made for another jar or JDK costs nothing but the time
 * it would have saved, without a word on the output.
 */
class LauncherIT {

    @TempDir
    Path dir;

    @Test
    void launcher_archiveTheBuildMade_isMapped() throws Exception {
        Path archive = BackstopProcess.jar().resolveSibling("backstop.jsa");
        assertThat(archive).as("made by the package phase (pom.xml)").isRegularFile();
        // a java first on PATH that forces sharing: the JVM fails where it cannot map the archive named
        Path bin = javaFirstOnPath("-Xshare:on");

        Shell.Result r = Shell.run("PATH='" + bin + "':$PATH BACKSTOP_JAR='" + BackstopProcess.jar() + "' ./backstop --version");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.output()).startsWith("backstop ");
        assertThat(Files.readString(bin.resolve("args"))).contains("-XX:SharedArchiveFile=" + archive);
    }

    @Test
    void launcher_optionsOfOnesOwn_runWithoutTheArchive() throws Exception {
        // JDK 17 crashes when a flight recording (or an agent) hooks class loading from the archive
        Path bin = javaFirstOnPath();
        Path config = Files.writeString(dir.resolve("backstop.yml"), """
                host: launcher
                state_dir: %s
                sources:
                  - name: data
                    type: files
                    paths: [%s]
                targets:
                  - name: local
                    type: local
                    path: %s
                """.formatted(dir.resolve("state"), Files.createDirectories(dir.resolve("data")), dir.resolve("backups")));

        Shell.Result r = Shell.run("PATH='" + bin + "':$PATH BACKSTOP_JAR='" + BackstopProcess.jar() + "' BACKSTOP_JAVA_OPTS="
                + "'-XX:StartFlightRecording=filename=" + dir.resolve("run.jfr") + "' ./backstop config check --config '" + config + "'");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readString(bin.resolve("args"))).doesNotContain("SharedArchiveFile");
    }

    @Test
    void launcher_raisedCompilerThresholds_forRunAlone() throws Exception {
        Launched run = launchWithArgsRecorded("run --help");
        Launched restore = launchWithArgsRecorded("restore --help");

        assertThat(run.result().exitCode()).as(run.result().toString()).isZero();
        assertThat(restore.result().exitCode()).as(restore.result().toString()).isZero();
        assertThat(run.javaArgs()).contains("-XX:Tier4InvocationThreshold=20000", " run --help");
        // a restore runs code once per file, which the raised thresholds would keep from C2
        assertThat(restore.javaArgs()).doesNotContain("Tier4").contains(" restore --help");
    }

    @Test
    void launcher_keepsTheKeyExchangeFromC2_forEveryCommand_withoutAWordOnStandardOutput() throws Exception {
        // the package the option names is where MINA SSHD's sntrup761 comes from: an upgrade that moves it fails here
        assertThat(Class.forName("org.bouncycastle.pqc.crypto.ntruprime.SNTRUPrimeKEMExtractor")).isNotNull();

        Launched version = launchWithArgsRecorded("--version");
        Launched run = launchWithArgsRecorded("run --help");

        String option = "-XX:CompileCommand=MaxNodeLimit,org.bouncycastle.pqc.crypto.ntruprime.*::*,1";
        assertThat(version.javaArgs()).contains("-XX:CompileCommand=quiet " + option);
        assertThat(run.javaArgs()).contains(option);
        assertThat(version.result().output()).matches("backstop [^\\n]+\\n");
    }

    private record Launched(Shell.Result result, String javaArgs) {
    }

    /** Runs the launcher with {@code arguments}; what it printed, and the arguments it gave java. */
    private Launched launchWithArgsRecorded(String arguments) throws Exception {
        Path bin = javaFirstOnPath();
        Shell.Result r = Shell.run("PATH='" + bin + "':$PATH BACKSTOP_JAR='" + BackstopProcess.jar() + "' ./backstop " + arguments);
        return new Launched(r, Files.readString(bin.resolve("args")));
    }

    /** A directory with a java that writes its arguments to {@code args} there, then runs this JDK's java with {@code first} ahead of them. */
    private Path javaFirstOnPath(String... first) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"$@\" > '" + bin.resolve("args") + "'\nexec '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' " + String.join(" ", first) + " \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    @Test
    void launcher_archiveMadeForAnotherJar_isIgnoredWithoutAWord() throws Exception {
        // given a copy of the jar, and beside it the archive of the original (its path and time differ)
        Path jar = Files.copy(BackstopProcess.jar(), dir.resolve("backstop.jar"));
        Files.copy(BackstopProcess.jar().resolveSibling("backstop.jsa"), dir.resolve("backstop.jsa"));

        // when
        Shell.Result r = Shell.run("BACKSTOP_JAR='" + jar + "' ./backstop --version");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.output()).matches("backstop [^\\n]+\\n");
    }

    @Test
    void launcher_archiveOfAnotherJdk_isIgnoredWithoutAWord() throws Exception {
        // given the launcher's java is a JDK of another version than the one that made the archive
        // (a newer JDK says so on stdout unless its cds logging is off)
        Path otherJdk = otherJdk();
        Assumptions.assumeTrue(otherJdk != null, "no second JDK of another version under /usr/lib/jvm");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("java"), otherJdk.resolve("bin/java"));

        // when
        Shell.Result r = Shell.run("PATH='" + bin + "':$PATH BACKSTOP_JAR='" + BackstopProcess.jar() + "' ./backstop --version");

        // then
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.output()).matches("backstop [^\\n]+\\n");
    }

    /** A JDK under /usr/lib/jvm whose major version is not this one's, or null. */
    private static Path otherJdk() throws Exception {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return null;
        }
        String mine = "JAVA_VERSION=\"" + Runtime.version().feature();
        try (var all = Files.list(jvms)) {
            return all.filter(j -> Files.isExecutable(j.resolve("bin/java")) && Files.isRegularFile(j.resolve("release")))
                    .filter(j -> {
                        try {
                            return Files.readAllLines(j.resolve("release")).stream()
                                    .anyMatch(l -> l.startsWith("JAVA_VERSION=") && !l.startsWith(mine + ".") && !l.equals(mine + "\""));
                        } catch (java.io.IOException e) {
                            return false;
                        }
                    }).findFirst().orElse(null);
        }
    }

    @Test
    void launcher_damagedArchive_isIgnoredWithoutAWord() throws Exception {
        Path jar = Files.copy(BackstopProcess.jar(), dir.resolve("backstop.jar"));
        Files.writeString(dir.resolve("backstop.jsa"), "not an archive");

        Shell.Result r = Shell.run("BACKSTOP_JAR='" + jar + "' ./backstop --version");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.output()).matches("backstop [^\\n]+\\n");
    }
}
