package dev.backstop.run;

import dev.backstop.core.EventLog;
import dev.backstop.core.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/** The state directory: created private, and its spool cleaned of what a killed run left. */
final class StateDirectory {

    private StateDirectory() {
    }

    static void prepare(Path stateDir) throws IOException {
        if (!Files.isDirectory(stateDir)) {
            privateDir(stateDir);
        }
    }

    /** Creates {@code dir} and its missing parents for the owner alone; an existing one stays as it is. */
    static Path privateDir(Path dir) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return dir;
    }

    /** Removes spool leftovers of earlier runs; only called under the run lock. */
    static void sweepSpool(Path spoolDir, EventLog log) throws IOException {
        if (!Files.isDirectory(spoolDir)) {
            Files.createDirectories(spoolDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return;
        }
        try (Stream<Path> leftovers = Files.list(spoolDir)) {
            for (Path p : leftovers.toList()) {
                log.warn("removing spool leftover of an interrupted run: " + p.getFileName());
                FileTrees.delete(p);
            }
        }
    }
}
