package dev.backstop.cli;

import dev.backstop.target.sftp.TestSshd;
import dev.backstop.testing.RequiredServices;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A server to back up for the verify and restore tests: a MariaDB and a PostgreSQL database
 * with known rows, a SQLite file and a folder, named as in docs/disaster-recovery.md (appdb,
 * pgdb, app, application, packages), and a configuration with one target: a local one, or an
 * sftp one on the test sshd, whose files the test sees (and damages) on this machine. Tests that
 * use it say {@code @RequiresService} for MariaDB and PostgreSQL; the sshd is required here, since
 * only some of them store there.
 */
final class BackupFixture implements AutoCloseable {

    /** Where the one target keeps the backups. */
    enum Storage {
        LOCAL, SFTP
    }

    final Path dir;
    /** The target's name in the configuration and in every finding. */
    final String target;
    /** The target's root as a local directory. */
    final Path root;
    final String mysqlDb;
    final String pgDb;
    final Path config;

    BackupFixture(Path dir) throws Exception {
        this(dir, Storage.LOCAL);
    }

    BackupFixture(Path dir, Storage storage) throws Exception {
        this.dir = dir;
        String targetYaml;
        if (storage == Storage.SFTP) {
            RequiredServices.require(Services.Sshd.class);
            String nasPath = TestSshd.PATH + "/vt-" + UUID.randomUUID();
            this.target = "nas";
            this.root = TestSshd.startDir(TestSshd.USER).resolve(nasPath);
            targetYaml = TestSshd.targetYaml(TestSshd.PORT, TestSshd.KNOWN_HOSTS, nasPath);
        } else {
            this.target = "local";
            this.root = dir.resolve("backups");
            targetYaml = """
                      - name: local
                        type: local
                        path: %s
                    """.formatted(root);
        }
        String suffix = Long.toHexString(System.nanoTime());
        this.mysqlDb = "bs_vt_" + suffix;
        this.pgDb = "bs_vt_" + suffix;
        Shell.ok("mariadb -uroot -e \"CREATE DATABASE " + mysqlDb + "; USE " + mysqlDb + ";"
                + " CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50));"
                + " INSERT INTO users VALUES (1,'a'),(2,'b (with, parens)'),(3,'c');"
                + " CREATE TABLE \\`Order\\` (id INT); INSERT INTO \\`Order\\` VALUES (7),(8);"
                + " CREATE TABLE events (id INT AUTO_INCREMENT PRIMARY KEY, payload VARCHAR(200));"
                + " INSERT INTO events (payload) SELECT REPEAT('x', 150) FROM seq_1_to_20000;\"");
        Shell.ok("psql -h 127.0.0.1 -U postgres -d postgres -w -c 'CREATE DATABASE " + pgDb + "'");
        Shell.ok("psql -h 127.0.0.1 -U postgres -d " + pgDb + " -w -c 'CREATE TABLE items (id int, label text);"
                + " INSERT INTO items SELECT g, md5(g::text) FROM generate_series(1, 500) g;"
                + " CREATE TABLE \"Order\" (x int); INSERT INTO \"Order\" VALUES (1);'");
        Files.createDirectories(dir.resolve("www/public/uploads"));
        Files.writeString(dir.resolve("www/public/index.php"), "<?php echo 'hello';\n");
        Files.writeString(dir.resolve("www/public/uploads/Zoë Müller.txt"), "non-ASCII name\n");
        Files.deleteIfExists(dir.resolve("app.db")); // a fixture for another storage may replace one in the same dir
        Shell.ok("sqlite3 '" + dir.resolve("app.db") + "' 'CREATE TABLE t(x); INSERT INTO t VALUES (1),(2),(3);'");
        this.config = dir.resolve("backstop.yml");
        Files.writeString(config, """
                host: vt-host
                state_dir: %s
                sources:
                  - name: app
                    type: sqlite
                    path: app.db
                  - name: application
                    type: files
                    paths: [www]
                  - name: appdb
                    type: mysql
                    database: %s
                    user: root
                  - name: pgdb
                    type: postgres
                    database: %s
                    host: 127.0.0.1
                    user: postgres
                  - name: packages
                    type: command
                    command: [sh, -c, "echo tar 1.34; echo gzip 1.12"]
                targets:
                %s""".formatted(dir.resolve("state"), mysqlDb, pgDb, targetYaml));
    }

    /** Runs one backup, which must succeed, and returns its set directory. */
    Path backup() throws Exception {
        List<Path> before = sets();
        BackstopProcess.Result run = BackstopProcess.run("run", "--config", config.toString());
        if (run.exitCode() != 0) {
            throw new AssertionError("backstop run failed:\n" + run.all());
        }
        List<Path> after = sets();
        after.removeAll(before);
        if (after.size() != 1) {
            throw new AssertionError("expected one new set, found " + after);
        }
        return after.get(0);
    }

    /** Set directories (those holding MANIFEST.json, or once did), oldest first. */
    List<Path> sets() throws Exception {
        Path host = root.resolve("vt-host");
        if (!Files.isDirectory(host)) {
            return new java.util.ArrayList<>();
        }
        try (Stream<Path> s = Files.walk(host, 4)) {
            return new java.util.ArrayList<>(s.filter(p -> host.relativize(p).getNameCount() == 4)
                    .filter(p -> !p.toString().contains("/.partial/")).sorted().toList());
        }
    }

    /** Adds a top-level section (notify:, for one) to the configuration. */
    void append(String yaml) throws Exception {
        Files.writeString(config, Files.readString(config) + yaml);
    }

    BackstopProcess.Result backstop(String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add("--config");
        all.add(config.toString());
        return BackstopProcess.run(all.toArray(String[]::new));
    }

    @Override
    public void close() throws Exception {
        if (target.equals("nas") && Files.exists(root)) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Shell.run("mariadb -uroot -e 'DROP DATABASE IF EXISTS " + mysqlDb + "; DROP DATABASE IF EXISTS " + mysqlDb + "_r'");
        Shell.run("psql -h 127.0.0.1 -U postgres -d postgres -w -c 'DROP DATABASE IF EXISTS " + pgDb
                + "' -c 'DROP DATABASE IF EXISTS " + pgDb + "_r'");
    }
}
