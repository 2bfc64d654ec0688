package dev.backstop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code restore --to-server disposable}: the dumps go into fresh servers from this machine's
 * binaries, which outlive backstop for inspection, never into production; the lines it prints
 * connect to them and stop them.
 */
@RequiresService({Services.MariaDbServerBinaries.class, Services.Root.class})
class InspectionRestoreIT extends WithBackupFixture {

    private final Path socket = Path.of("/tmp/bs-insp-" + Long.toHexString(System.nanoTime()) + ".sock");

    @AfterEach
    void stopWhatIsLeft() throws Exception {
        for (String type : List.of("mysql", "postgres")) {
            Path server = dir.resolve("state/inspect-server/" + type);
            Shell.run("for f in " + server + "/server/mysqld.pid " + server + "/server/data/postmaster.pid; do"
                    + " [ -e $f ] && kill -9 $(head -1 $f); done; sleep 1; rm -rf " + server);
        }
        Files.deleteIfExists(socket);
    }

    @Test
    void restore_toDisposableServers_leavesThemRunningForInspection_andThePrintedLineStopsThem() throws Exception {
        // given
        String id = fixture.backup().getFileName().toString();

        // when
        BackstopProcess.Result r = fixture.backstop("restore", "--backup", id, "--to", dir.resolve("r").toString(),
                "--database", "appdb=" + fixture.mysqlDb + "_i", "--database", "pgdb=" + fixture.pgDb + "_i",
                "--to-server", "disposable");

        // then the servers outlive backstop, and the printed commands reach the restored rows
        assertThat(r.exitCode()).as(r.all()).isZero();
        List<String> connect = r.out().lines().filter(l -> l.startsWith("  connect: ")).map(l -> l.substring(11)).toList();
        assertThat(connect).hasSize(2);
        assertThat(connect.get(0)).startsWith("mariadb --no-defaults --socket=" + dir.resolve("state/inspect-server/mysql"));
        assertThat(Shell.ok(connect.get(0) + " -N -e 'SELECT COUNT(*) FROM events'").trim()).isEqualTo("20000");
        assertThat(connect.get(1)).startsWith("psql -h " + dir.resolve("state/inspect-server/postgres"));
        assertThat(Shell.ok(connect.get(1) + " -At -c 'SELECT count(*) FROM items'").trim()).isEqualTo("500");
        assertThat(r.out()).contains("disposable mysql server ").contains("disposable postgres server ");
        assertThat(productionHas(fixture.mysqlDb + "_i", fixture.pgDb + "_i")).as("production").isEmpty();

        // and the printed stop lines stop both and remove their directories
        List<String> stop = r.out().lines().filter(l -> l.startsWith("  stop and remove it: "))
                .map(l -> l.substring(22)).toList();
        assertThat(stop).hasSize(2);
        for (String line : stop) {
            Shell.ok("timeout 60 sh -c '" + line.replace("'", "'\\''") + "'");
        }
        assertThat(dir.resolve("state/inspect-server/mysql")).doesNotExist();
        assertThat(dir.resolve("state/inspect-server/postgres")).doesNotExist();
        assertThat(ourServers()).as("no server of ours runs").isEmpty();
    }

    @Test
    void restore_toDisposableServerOnAChosenSocket_refusesASecondWhileTheFirstRuns() throws Exception {
        // given a server left running on the socket the administrator chose
        String id = fixture.backup().getFileName().toString();
        BackstopProcess.Result first = fixture.backstop("restore", "--backup", id, "--to", dir.resolve("r1").toString(),
                "--only", "appdb", "--database", "appdb=shop_copy", "--to-server", "disposable", "--socket",
                socket.toString());
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).contains("  connect: mariadb --no-defaults --socket=" + socket + " -uroot shop_copy");
        assertThat(Shell.ok("mariadb --no-defaults --socket=" + socket + " -uroot -N -e 'SELECT COUNT(*) FROM"
                + " shop_copy.users'").trim()).isEqualTo("3");

        // when a second restore asks for the same kind of server
        BackstopProcess.Result second = fixture.backstop("restore", "--backup", id, "--to", dir.resolve("r2").toString(),
                "--only", "appdb", "--database", "appdb=other", "--to-server", "disposable");

        // then it is refused with the line that stops the first, which still runs untouched
        assertThat(second.exitCode()).as(second.all()).isEqualTo(2);
        assertThat(second.err()).contains("still runs in " + dir.resolve("state/inspect-server/mysql"))
                .contains("kill $(head -1 " + dir.resolve("state/inspect-server/mysql/server/mysqld.pid") + ")");
        assertThat(dir.resolve("r2")).doesNotExist();
        assertThat(Shell.ok("mariadb --no-defaults --socket=" + socket + " -uroot -N -e 'SELECT COUNT(*) FROM"
                + " shop_copy.users'").trim()).isEqualTo("3");
    }

    @Test
    void restore_toServerWithoutDatabase_isAUsageError() throws Exception {
        BackstopProcess.Result r = fixture.backstop("restore", "--backup", "20250101T000000Z", "--to",
                dir.resolve("r").toString(), "--to-server", "disposable");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("--to-server disposable loads dumps named by --database SOURCE=NEWNAME");
    }

    private static String productionHas(String mysqlDb, String pgDb) throws Exception {
        return (Shell.ok("mariadb -uroot -N -e \"SHOW DATABASES LIKE '" + mysqlDb + "'\"")
                + Shell.ok("psql -h 127.0.0.1 -U postgres -w -At -d postgres -c \"SELECT datname FROM pg_database"
                + " WHERE datname = '" + pgDb + "'\"")).trim();
    }

    private List<ProcessHandle> ourServers() {
        return ProcessHandle.allProcesses().filter(h -> h.info().arguments().map(a -> String.join(" ", a)
                .contains(dir.resolve("state").toString())).orElse(false)).toList();
    }
}
