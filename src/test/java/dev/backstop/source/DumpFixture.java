package dev.backstop.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.SourceFacts;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;

/**
 * What the tests of the sources that run a dump tool share: a dump into a file the way a run
 * makes it, and wrapper scripts that stand in for the tool.
 */
public final class DumpFixture {

    private DumpFixture() {
    }

    /** Ten random letters and digits, so that databases and users of parallel tests never meet. */
    public static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** Writes an executable script, private to its owner. */
    public static Path script(Path dir, String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    /**
     * Preflights and dumps {@code source} into {@code file} with a scratch directory under
     * {@code dir}, warnings into {@code warnings}; whether it succeeds or not, the scratch
     * directory must be empty afterwards, since secret files live there.
     */
    public static SourceFacts dump(Source source, Path file, Path dir, List<String> warnings) throws Exception {
        source.preflight();
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        try (OutputStream out = Files.newOutputStream(file)) {
            return source.dump(out, new SourceContext(scratch, warnings::add));
        } finally {
            try (var left = Files.list(scratch)) {
                assertThat(left).as("secret files left in scratch").isEmpty();
            }
        }
    }
}
