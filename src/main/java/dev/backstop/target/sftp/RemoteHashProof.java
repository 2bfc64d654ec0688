package dev.backstop.target.sftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * The record that {@code verify: auto} may trust the server's {@code sha256sum} on a target: the
 * remote hash of a stored file once equalled the hash of the same file read back over SFTP. Kept
 * in {@code state_dir/sftp/<target>.remote-hash-proof} on this machine, never on the server,
 * which could fake it. The proof names the server, user, path and shell prefix it was made
 * for; when any of them changes it no longer counts, and the next run proves again.
 */
final class RemoteHashProof {

    private final Path file;
    private final String subject;

    RemoteHashProof(Path stateDir, SftpConfig config) {
        this.file = stateDir.resolve("sftp").resolve(config.name() + ".remote-hash-proof");
        this.subject = "sftp://" + config.address() + " path=" + config.path() + " shell_path_prefix="
                + (config.shellPathPrefix() == null ? "" : config.shellPathPrefix());
    }

    Path file() {
        return file;
    }

    /** True when a proof for this very server, user, path and prefix is on file. */
    boolean holds() {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return nl > 0 && text.substring(0, nl).equals(subject);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Writes the proof atomically; {@code evidence} says which file matched with which hash. */
    void record(String evidence, Instant when) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, subject + "\nproven " + when + ": " + evidence + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
