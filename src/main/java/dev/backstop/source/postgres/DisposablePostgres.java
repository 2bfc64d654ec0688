package dev.backstop.source.postgres;

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
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for restore tests: {@code initdb} into {@code <dir>/server/data},
 * then {@code postgres} with {@code listen_addresses=''} (no TCP port), its socket in
 * {@code <dir>/server}, {@code shared_buffers} bounded, as the {@code postgres} user when backstop
 * is root (initdb and postgres refuse root; {@code setpriv} switches). Reached as its superuser
 * {@code postgres} over the socket; the roles a dump's {@code OWNER TO} names are created before
 * it loads ({@link DumpRoles}).
 */
public final class DisposablePostgres implements DisposableServer {

    private static final String PACKAGE_HINT = "install the package postgresql (Debian/Ubuntu: apt-get install"
            + " postgresql; the service itself need not run), or set restore_test: {server: source} on the source";

    private final ScratchServerDir dir;
    private final ByteSize memory;
    private final ProcessRunner runner;
    private final List<Path> binaryDirs;
    private final Path configuredBinaries;
    private final ServerProcess process;
    private String version = "";
    private Path socketDir;
    private boolean inspection;

    /** @param binaryDirs where to look for initdb and postgres, in order ({@link #binaryDirs} finds Debian's) */
    public DisposablePostgres(Path dir, ByteSize memory, ProcessRunner runner, List<Path> binaryDirs) {
        this(dir, memory, runner, binaryDirs, null);
    }

    /** @param configuredBinaries {@code restore_test.binaries} when {@code binaryDirs} is that directory alone, or null */
    public DisposablePostgres(Path dir, ByteSize memory, ProcessRunner runner, List<Path> binaryDirs,
                              Path configuredBinaries) {
        this.dir = new ScratchServerDir(dir, "postgres");
        this.memory = memory;
        this.runner = runner;
        this.binaryDirs = List.copyOf(binaryDirs);
        this.configuredBinaries = configuredBinaries;
        this.process = new ServerProcess(this.dir, runner);
    }

    /** PATH, then Debian's {@code /usr/lib/postgresql/<version>/bin}, newest version first. */
    public static List<Path> binaryDirs() {
        List<Path> extra = new ArrayList<>();
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                versions.filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .sorted(Comparator.comparingDouble((Path p) -> Double.parseDouble(p.getFileName().toString()))
                                .reversed())
                        .forEach(p -> extra.add(p.resolve("bin")));
            } catch (IOException e) {
                // unreadable: PATH alone
            }
        }
        extra.add(Path.of("/usr/pgsql/bin"));
        return ServerBinaries.searchPath(extra);
    }

    /**
     * The message when no server binary is found; {@code who} starts it.
     *
     * @param configured {@code restore_test.binaries}, the only place looked in when set, or null
     */
    static String missingBinaries(String who, Path configured) {
        return who + "restore tests run on a disposable server, but no PostgreSQL server (initdb, postgres) is "
                + (configured == null ? "on PATH or in /usr/lib/postgresql/*/bin: " + PACKAGE_HINT : "in " + configured
                + " (restore_test.binaries): correct that directory, or remove the key and " + PACKAGE_HINT);
    }

    /** Both server programs, from one directory so that their versions match. */
    static Optional<Path> binDir(List<Path> dirs) {
        return dirs.stream().filter(d -> Files.isExecutable(d.resolve("initdb")) && Files.isExecutable(d.resolve("postgres")))
                .findFirst();
    }

    private Path serverDir() {
        return process.serverDir();
    }

    private Path socketDir() {
        return socketDir != null ? socketDir : serverDir();
    }

    @Override
    public void prepareForInspection(Path socket) {
        this.socketDir = socket;
        this.inspection = true;
    }

    @Override
    public Path directory() {
        return dir.path();
    }

    @Override
    public Path pidFile() {
        return serverDir().resolve("data/postmaster.pid");
    }

    @Override
    public String connectCommand(String database) {
        return "psql -h " + socketDir() + " -U postgres " + database;
    }

    @Override
    public Optional<String> removeLeftover() throws IOException, InterruptedException {
        return process.removeLeftover(pidFile());
    }

    @Override
    public DatabaseServer start() throws IOException, InterruptedException {
        Path bin = binDir(binaryDirs).orElseThrow(() -> new RestoreEnvironmentException(missingBinaries("", configuredBinaries)));
        removeLeftover();
        Path data = dir.create("server").resolve("data");
        version = process.versionOf(bin.resolve("postgres"));
        process.initialise(asServerUser(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U",
                "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C")), "initdb");
        PostgresServer server = new PostgresServer(new PostgresConfig("restore-test", null, "postgres",
                socketDir().toString(), null, "postgres", null, null, null, Duration.ofHours(6)), runner,
                dir.clientDir(), name -> null);
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-k",
                socketDir().toString(), "-c", "listen_addresses=", "-c", "shared_buffers="
                + Math.max(128, memory.bytes() / 1024) + "kB", "-c", "fsync=off", "-c", "full_page_writes=off", "-c",
                "synchronous_commit=off"));
        if (inspection) {
            // it outlives backstop, and with it the pipe of its stderr: it logs into its own directory
            cmd.addAll(List.of("-c", "logging_collector=on", "-c", "log_directory=" + serverDir(), "-c",
                    "log_filename=postgres.log"));
        }
        process.start(asServerUser(cmd), socketDir().resolve(".s.PGSQL.5432"), () -> server.databases("postgres"),
                () -> version);
        return new DumpRoles(server, dir.clientDir());
    }

    private List<String> asServerUser(List<String> cmd) {
        Optional<String> user = dir.serverUser();
        if (user.isEmpty()) {
            return cmd;
        }
        List<String> all = new ArrayList<>(List.of("setpriv", "--reuid=" + user.get(), "--regid=" + user.get(),
                "--init-groups", "--"));
        all.addAll(cmd);
        return all;
    }

    @Override
    public String version() {
        return version;
    }

    /** {@code -- Dumped from database version 16.2}: a newer major version than this server is refused. */
    @Override
    public void requireCanLoad(Path sqlFile) throws IOException {
        String header = ServerBinaries.headerLine(sqlFile, "-- Dumped from database version");
        if (header == null) {
            return;
        }
        int dump = ServerBinaries.major(header, "version");
        int mine = ServerBinaries.major(version, "PostgreSQL)");
        if (dump > mine && mine >= 0) {
            throw new RestoreEnvironmentException("the dump was made by PostgreSQL " + dump + ", newer than the"
                    + " disposable server (" + version + "): install postgresql-" + dump + " on this machine, or set"
                    + " restore_test: {server: source}");
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.close();
    }
}
