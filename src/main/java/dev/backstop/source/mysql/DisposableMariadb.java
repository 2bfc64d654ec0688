package dev.backstop.source.mysql;

import dev.backstop.core.ByteSize;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.DisposableServer;
import dev.backstop.source.RestoreEnvironmentException;
import dev.backstop.source.ScratchServerDir;
import dev.backstop.source.ServerBinaries;
import dev.backstop.source.ServerProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A throwaway MariaDB (or MySQL) server for restore tests: {@code mariadb-install-db} (MySQL:
 * {@code mysqld --initialize-insecure}) into {@code <dir>/server/data}, then {@code mariadbd}
 * with {@code --skip-networking}, its socket and pid file in {@code <dir>/server}, its buffer pool
 * bounded, as the {@code mysql} user when backstop is root (mariadbd refuses root without it).
 * Reached as its passwordless root over the socket. Not thread-safe: one restore test uses it.
 */
public final class DisposableMariadb implements DisposableServer {

    /** Where Debian, Fedora and others keep the server binaries off PATH. */
    public static final List<Path> SERVER_DIRS = List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin"),
            Path.of("/usr/libexec"), Path.of("/usr/local/mysql/bin"));
    private static final String PACKAGE_HINT = "install the package mariadb-server (Debian/Ubuntu: apt-get install"
            + " mariadb-server; the service itself need not run), or set restore_test: {server: source} on the source";

    private final ScratchServerDir dir;
    private final ByteSize memory;
    private final ProcessRunner runner;
    private final List<Path> binaryDirs;
    private final Path configuredBinaries;
    private final ServerProcess process;
    private String version = "";
    private Path socket;

    /**
     * @param dir        the server's own directory, removed with everything in it by {@link #close}
     * @param memory     the InnoDB buffer pool
     * @param binaryDirs where to look for the server binaries, in order ({@link #SERVER_DIRS} after PATH)
     */
    public DisposableMariadb(Path dir, ByteSize memory, ProcessRunner runner, List<Path> binaryDirs) {
        this(dir, memory, runner, binaryDirs, null);
    }

    /** @param configuredBinaries {@code restore_test.binaries} when {@code binaryDirs} is that directory alone, or null */
    public DisposableMariadb(Path dir, ByteSize memory, ProcessRunner runner, List<Path> binaryDirs,
                             Path configuredBinaries) {
        this.dir = new ScratchServerDir(dir, "mysql");
        this.memory = memory;
        this.runner = runner;
        this.binaryDirs = List.copyOf(binaryDirs);
        this.configuredBinaries = configuredBinaries;
        this.process = new ServerProcess(this.dir, runner);
    }

    /** The server binary, mariadbd before mysqld. */
    static Optional<Path> binary(List<Path> binaryDirs) {
        return ServerBinaries.find(List.of("mariadbd", "mysqld"), binaryDirs);
    }

    /**
     * The message when {@link #binary} finds none: what is missing and the fix; {@code who} starts it.
     *
     * @param configured {@code restore_test.binaries}, the only place looked in when set, or null
     */
    static String missingBinaries(String who, Path configured) {
        return who + "restore tests run on a disposable server, but no MariaDB or MySQL server binary (mariadbd,"
                + " mysqld) is " + (configured == null ? "on PATH or in " + SERVER_DIRS + ": " + PACKAGE_HINT
                : "in " + configured + " (restore_test.binaries): correct that directory, or remove the key and "
                + PACKAGE_HINT);
    }

    private Path serverDir() {
        return process.serverDir();
    }

    private Path socket() {
        return socket != null ? socket : serverDir().resolve("mysqld.sock");
    }

    @Override
    public void prepareForInspection(Path socket) {
        this.socket = socket; // mariadbd logs into its directory (--log-error) in any case
    }

    @Override
    public Path directory() {
        return dir.path();
    }

    @Override
    public Path pidFile() {
        return serverDir().resolve("mysqld.pid");
    }

    @Override
    public String connectCommand(String database) {
        return "mariadb --no-defaults --socket=" + socket() + " -uroot " + database;
    }

    @Override
    public Optional<String> removeLeftover() throws IOException, InterruptedException {
        return process.removeLeftover(pidFile());
    }

    @Override
    public DatabaseServer start() throws IOException, InterruptedException {
        Path daemon = binary(binaryDirs).orElseThrow(() ->
                new RestoreEnvironmentException(missingBinaries("", configuredBinaries)));
        Optional<Path> installDb = ServerBinaries.find(List.of("mariadb-install-db", "mysql_install_db"), binaryDirs);
        if (socket().toString().length() > 100) {
            throw new RestoreEnvironmentException("the disposable server's socket path " + socket() + " is longer than a"
                    + " Unix socket allows (about 100 characters): " + (socket == null ? "set a shorter state_dir" : "choose a shorter one"));
        }
        removeLeftover();
        Path data = dir.create("server").resolve("data");
        version = process.versionOf(daemon);
        List<String> init = new ArrayList<>();
        if (installDb.isPresent() && daemon.getFileName().toString().equals("mariadbd")) {
            init.addAll(List.of(installDb.get().toString(), "--no-defaults", "--datadir=" + data,
                    "--auth-root-authentication-method=normal", "--skip-test-db"));
        } else {
            init.addAll(List.of(daemon.toString(), "--no-defaults", "--initialize-insecure", "--datadir=" + data));
        }
        dir.serverUser().ifPresent(u -> init.add("--user=" + u));
        process.initialise(init, init.get(0));
        List<String> cmd = new ArrayList<>(List.of(daemon.toString(), "--no-defaults", "--datadir=" + data,
                "--socket=" + socket(), "--pid-file=" + pidFile(), "--skip-networking",
                "--innodb-buffer-pool-size=" + memory.bytes(), "--log-error=" + serverDir().resolve("error.log")));
        dir.serverUser().ifPresent(u -> cmd.add("--user=" + u));
        MysqlServer server = new MysqlServer(new MysqlConfig("restore-test", null, "mysql", null, null, null, socket(),
                "root", null, null, Duration.ofHours(6)), runner, dir.clientDir(), name -> null);
        process.start(cmd, socket(), () -> server.databases("mysql"), () -> version + ": "
                + tail(serverDir().resolve("error.log")));
        return server;
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log).stream().filter(l -> l.contains("ERROR") || l.contains("rror"))
                .toList();
        List<String> all = lines.isEmpty() ? Files.readAllLines(log) : lines;
        return String.join(" | ", all.subList(Math.max(0, all.size() - 3), all.size()));
    }

    @Override
    public String version() {
        return version;
    }

    /** {@code -- Server version\t11.4.2-MariaDB}: a dump of MariaDB against a MariaDB server, MySQL against MySQL. */
    @Override
    public void requireCanLoad(Path sqlFile) throws IOException {
        String header = ServerBinaries.headerLine(sqlFile, "-- Server version");
        if (header == null || header.contains("MariaDB") != version.contains("MariaDB")) {
            return;
        }
        int dump = ServerBinaries.major(header, "version");
        int mine = ServerBinaries.major(version, "Ver");
        if (dump > mine && mine >= 0) {
            throw new RestoreEnvironmentException("the dump was made by server version " + header.substring(
                    "-- Server version".length()).strip() + ", newer than the disposable server (" + version
                    + "): install a server of version " + dump + " or newer on this machine, or set restore_test:"
                    + " {server: source}");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.close();
    }
}
