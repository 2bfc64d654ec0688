package dev.backstop.source.mysql;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A MariaDB server with binary logs on, in its own datadir under a scratch directory, on its own
 * socket and a free loopback port: the shared test server has no binary log. Start it once per
 * test class and {@link #close} it after; {@link #restart} keeps the datadir. A replication account
 * {@code repl} (REPLICATION SLAVE, BINLOG MONITOR) comes with it, and {@link #replicationCnf} is its
 * option file.
 */
public final class BinlogServer implements AutoCloseable {

    public static final String MARIADBD = "/usr/sbin/mariadbd";
    public static final String REPL_PASSWORD = "r\"ep# l$";

    private final Path dir;
    private final int port;
    private Process server;
    private Path tempDir; // removed on close when this server made it

    private BinlogServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The server binaries, for {@code @RequiresService}. */
    public static final class Binaries implements dev.backstop.testing.TestService {
        @Override
        public String describe() {
            return "MariaDB server binaries (" + MARIADBD + ", mariadb-install-db, mariadb-binlog)";
        }

        @Override
        public String unavailable() {
            return BinlogServer.unavailable();
        }
    }

    /** Why this machine cannot run one (server binaries missing), or null. */
    public static String unavailable() {
        if (!Files.isExecutable(Path.of(MARIADBD)) || !Files.isExecutable(Path.of("/usr/bin/mariadb-install-db"))) {
            return MARIADBD + " or mariadb-install-db is missing; scripts/test-services.sh installs mariadb-server";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/mariadb-binlog"))) {
            return "mariadb-binlog is missing; scripts/test-services.sh installs mariadb-client";
        }
        return null;
    }

    /**
     * Starts a server in a new temporary directory that {@link #close} removes. The directory lets
     * others pass ({@code rwx--x--x}): the server runs as mysql and must reach its datadir.
     */
    public static BinlogServer startInTempDir() throws IOException, InterruptedException {
        Path temp = Files.createTempDirectory("backstop-binlog-");
        Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        BinlogServer server = start(temp.resolve("server"));
        server.tempDir = temp;
        return server;
    }

    /** Initialises a datadir in {@code scratch} (which this server owns afterwards) and starts the server. */
    public static BinlogServer start(Path scratch) throws IOException, InterruptedException {
        Path dir = scratch.toAbsolutePath();
        Files.createDirectories(dir);
        run(List.of("chown", "mysql:mysql", dir.toString()));
        run(List.of("mariadb-install-db", "--no-defaults", "--user=mysql", "--datadir=" + dir.resolve("data"),
                "--auth-root-authentication-method=socket", "--skip-test-db"));
        BinlogServer s;
        try (ServerSocket probe = new ServerSocket(0)) {
            s = new BinlogServer(dir, probe.getLocalPort());
        }
        s.startServer();
        s.sql("CREATE USER repl@'%' IDENTIFIED BY '" + REPL_PASSWORD.replace("\\", "\\\\").replace("'", "\\'") + "';"
                + "GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO repl@'%'; CREATE DATABASE t;");
        Path cnf = s.replicationCnf();
        Files.writeString(cnf, "[client]\nuser=repl\nhost=127.0.0.1\nport=" + s.port + "\npassword=\""
                + MysqlOptionFile.escape(REPL_PASSWORD) + "\"\n");
        Files.setPosixFilePermissions(cnf, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return s;
    }

    public int port() {
        return port;
    }

    public Path socket() {
        return dir.resolve("mysqld.sock");
    }

    /** The directory holding the server's binary logs {@code bin.000001}, ... */
    public Path binlogDir() {
        return dir.resolve("data");
    }

    /** An option file with the replication account's user, password, host and port. */
    public Path replicationCnf() {
        return dir.resolve("repl.cnf");
    }

    /** Runs SQL as root over the socket; fails the test on an error. */
    public String sql(String statements) throws IOException, InterruptedException {
        return run(List.of("mariadb", "--no-defaults", "-uroot", "-S", socket().toString(), "-N", "-B", "-e", statements));
    }

    /** Stops the server cleanly and starts it again on the same datadir and port. */
    public void restart() throws IOException, InterruptedException {
        stopServer();
        startServer();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        stopServer();
        run(List.of("rm", "-rf", dir.toString()));
        if (tempDir != null) {
            Files.deleteIfExists(tempDir);
        }
    }

    private void startServer() throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(MARIADBD, "--no-defaults", "--user=mysql",
                "--datadir=" + binlogDir(), "--socket=" + socket(), "--port=" + port, "--bind-address=127.0.0.1",
                "--log-bin=" + binlogDir().resolve("bin"), "--server-id=1", "--binlog-format=ROW",
                "--innodb-buffer-pool-size=16M", "--skip-name-resolve", "--pid-file=" + dir.resolve("mysqld.pid"),
                "--log-error=" + dir.resolve("error.log")));
        server = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            if (!server.isAlive()) {
                throw new IOException("mariadbd exited " + server.exitValue() + ": " + Files.readString(dir.resolve("error.log")));
            }
            Process ping = new ProcessBuilder("mariadb", "--no-defaults", "-uroot", "-S", socket().toString(), "-e", "SELECT 1")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (ping.waitFor() == 0) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("mariadbd did not answer within 60 s; see " + dir.resolve("error.log"));
    }

    private void stopServer() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroy(); // SIGTERM: a clean shutdown that closes the current binary log
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
        }
    }

    private static String run(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }
}
