package dev.backstop.source;

import dev.backstop.core.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The directory of a disposable server and what it leaves behind. When backstop runs as root the
 * server runs as its own system user ({@code mysql}, {@code postgres}): the data and socket
 * directories are given to that user, and the directories above them, which the state
 * directory's 0700 would close, are opened for traversal only (o+x, no listing).
 */
public final class ScratchServerDir {

    private final Path dir;
    private final String serverUser;

    /** @param serverUser the system user the server runs as when backstop is root */
    public ScratchServerDir(Path dir, String serverUser) {
        this.dir = dir;
        this.serverUser = serverUser;
    }

    public Path path() {
        return dir;
    }

    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The user the server must be told to run as, or empty when backstop is not root. */
    public Optional<String> serverUser() {
        return runningAsRoot() ? Optional.of(serverUser) : Optional.empty();
    }

    /**
     * Creates {@code dir} (traversable), and in it the server's own subdirectory {@code owned}
     * (given to the server user when root) and a private {@code client} directory.
     */
    public Path create(String owned) throws IOException {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        Path server = Files.createDirectory(dir.resolve(owned));
        Files.createDirectory(dir.resolve("client"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        if (runningAsRoot()) {
            giveTo(server);
            openForTraversal();
        }
        return server;
    }

    /** The private directory for the client's option and SQL files. */
    public Path clientDir() {
        return dir.resolve("client");
    }

    private void giveTo(Path server) throws IOException {
        try {
            UserPrincipal user = server.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(serverUser);
            GroupPrincipal group = server.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName(serverUser);
            PosixFileAttributeView view = Files.getFileAttributeView(server, PosixFileAttributeView.class);
            view.setOwner(user);
            view.setGroup(group);
        } catch (UserPrincipalNotFoundException e) {
            throw new RestoreEnvironmentException("the system user '" + serverUser + "' that a disposable server runs"
                    + " as does not exist: install the server package, which creates it");
        }
    }

    /** Adds o+x to every directory from {@code dir} up, so that the server user can reach its own. */
    private void openForTraversal() throws IOException {
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            if (!perms.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                if (!Files.isWritable(p) || !"root".equals(Files.getOwner(p).getName())) {
                    throw new RestoreEnvironmentException("the " + serverUser + " user cannot reach " + dir
                            + " because " + p + " is closed to it: run 'chmod o+x " + p + "'");
                }
                perms.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    /**
     * Stops the process whose pid {@code pidFile} holds, if its command line names this
     * directory (a reused pid is left alone): TERM, then KILL after {@code grace}.
     *
     * @return the pid stopped, or empty
     */
    public Optional<Long> stopLeftover(Path pidFile, Duration grace) throws IOException, InterruptedException {
        Optional<Long> pid = runningPid(pidFile, dir);
        Optional<ProcessHandle> handle = pid.flatMap(ProcessHandle::of);
        if (handle.isEmpty()) {
            return Optional.empty();
        }
        stop(handle.get(), grace);
        return pid;
    }

    /**
     * The pid that {@code pidFile} holds (its first line), when that process runs and its command
     * line names {@code dir}; a pid reused by another program is not it.
     */
    public static Optional<Long> runningPid(Path pidFile, Path dir) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        String text = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        if (!text.matches("\\d{1,10}")) {
            return Optional.empty();
        }
        long pid = Long.parseLong(text);
        return ProcessHandle.of(pid).filter(h -> h.info().arguments().map(
                args -> String.join(" ", args).contains(dir.toString())).orElse(false)).map(h -> pid);
    }

    /** TERM, then KILL when the process has not ended within {@code grace}; waits for its end. */
    public static void stop(ProcessHandle process, Duration grace) throws InterruptedException {
        process.destroy();
        long deadline = System.nanoTime() + grace.toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (process.isAlive()) {
            process.destroyForcibly();
            while (process.isAlive()) {
                Thread.sleep(50);
            }
        }
    }

    public void delete() throws IOException {
        FileTrees.delete(dir);
    }
}
