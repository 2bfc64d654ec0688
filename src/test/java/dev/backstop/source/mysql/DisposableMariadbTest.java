package dev.backstop.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ByteSize;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.RestoreEnvironmentException;
import dev.backstop.source.ServerBinaries;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresService(Services.MariaDbServerBinaries.class)
class DisposableMariadbTest {

    private static final ByteSize MEMORY = ByteSize.parse("64MB");

    @TempDir
    static Path dir;
    private static DisposableMariadb disposable;
    private static DatabaseServer server;
    private static long startMillis;

    @BeforeAll
    static void start() throws Exception {
        long t0 = System.nanoTime();
        disposable = new DisposableMariadb(dir.resolve("state/restore-server/mysql"), MEMORY, new ProcessRunner(),
                ServerBinaries.searchPath(DisposableMariadb.SERVER_DIRS));
        server = disposable.start();
        startMillis = (System.nanoTime() - t0) / 1_000_000;
    }

    @AfterAll
    static void stop() throws Exception {
        disposable.close();
    }

    @Test
    void start_freshServer_loadsADumpAndCountsItsRowsWithoutANetworkPort() throws Exception {
        Path sql = dir.resolve("dump.sql");
        Files.writeString(sql, "CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1), (2), (3);\n"
                + "CREATE TABLE e (id INT);\n");

        server.create("shop");
        server.load("shop", sql);

        assertThat(server.countRows("shop")).isEqualTo(Map.of("t", 3L, "e", 0L));
        assertThat(disposable.version()).contains("MariaDB");
        assertThat(server.databases("shop")).containsExactly("shop");
        System.out.println("disposable MariaDB: install + start took " + startMillis + " ms");
    }

    @Test
    void requireCanLoad_dumpOfANewerMajorVersion_isRefusedBeforeLoading_ownVersionLoads() throws Exception {
        Path newer = dir.resolve("newer.sql");
        Files.writeString(newer, "-- MariaDB dump 10.19\n--\n-- Host: localhost    Database: shop\n"
                + "-- Server version\t99.1.2-MariaDB\n");
        Path same = dir.resolve("same.sql");
        Files.writeString(same, "-- Server version\t10.11.19-MariaDB-0+deb12u1\n");

        assertThatThrownBy(() -> disposable.requireCanLoad(newer)).isInstanceOf(RestoreEnvironmentException.class)
                .hasMessageContaining("99.1.2-MariaDB").hasMessageContaining("server: source");
        disposable.requireCanLoad(same);
    }

    @Test
    void start_asRoot_serverRunsAsTheMysqlUser() throws Exception {
        Path pidFile = dir.resolve("state/restore-server/mysql/server/mysqld.pid");
        long pid = Long.parseLong(Files.readString(pidFile).trim());

        String user = ProcessHandle.of(pid).orElseThrow().info().user().orElse("?");

        assertThat(user).isEqualTo("root".equals(System.getProperty("user.name")) ? "mysql"
                : System.getProperty("user.name"));
    }

    @Test
    void removeLeftover_serverOfAKilledProcess_isStoppedByItsPidFileAndItsDirectoryRemoved() throws Exception {
        Path leftoverDir = dir.resolve("leftover/mysql");
        DisposableMariadb killed = new DisposableMariadb(leftoverDir, MEMORY, new ProcessRunner(),
                ServerBinaries.searchPath(DisposableMariadb.SERVER_DIRS));
        killed.start(); // never closed: what a SIGKILLed restore test leaves
        long pid = Long.parseLong(Files.readString(leftoverDir.resolve("server/mysqld.pid")).trim());

        DisposableMariadb next = new DisposableMariadb(leftoverDir, MEMORY, new ProcessRunner(),
                ServerBinaries.searchPath(DisposableMariadb.SERVER_DIRS));
        String removed = next.removeLeftover().orElseThrow();

        assertThat(removed).contains("pid " + pid + " stopped");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(leftoverDir).doesNotExist();
    }

    @Test
    void start_noServerBinaries_isAnEnvironmentProblemNamingThePackage() throws Exception {
        DisposableMariadb none = new DisposableMariadb(dir.resolve("none/mysql"), MEMORY, new ProcessRunner(),
                List.of(dir.resolve("empty-bin")));

        assertThatThrownBy(none::start).isInstanceOf(RestoreEnvironmentException.class)
                .hasMessageContaining("mariadb-server");
        assertThat(dir.resolve("none/mysql")).doesNotExist();
    }
}
