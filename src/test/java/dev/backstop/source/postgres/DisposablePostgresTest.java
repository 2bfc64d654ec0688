package dev.backstop.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ByteSize;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.RestoreEnvironmentException;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresService(Services.Postgres.class)
class DisposablePostgresTest {

    @TempDir
    Path dir;

    @Test
    void start_dumpOwnedByARoleTheFreshServerLacks_loadsCountsAndLeavesNothing() throws Exception {
        Path home = dir.resolve("state/restore-server/postgres");
        DisposablePostgres disposable = new DisposablePostgres(home, ByteSize.parse("32MB"), new ProcessRunner(),
                DisposablePostgres.binaryDirs());
        long t0 = System.nanoTime();
        DatabaseServer server = disposable.start();
        System.out.println("disposable PostgreSQL: initdb + start took " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        long pid;
        try {
            Path sql = dir.resolve("dump.sql");
            Files.writeString(sql, "CREATE TABLE items (id int);\nALTER TABLE public.items OWNER TO shop_owner;\n"
                    + "COPY public.items (id) FROM stdin;\n1\n2\n\\.\n"
                    + "GRANT SELECT ON TABLE public.items TO \"Report Reader\";\n");
            server.create("shop");
            server.load("shop", sql);

            assertThat(server.countRows("shop")).isEqualTo(Map.of("public.items", 2L));
            Path newer = dir.resolve("newer.sql");
            Files.writeString(newer, "--\n-- PostgreSQL database dump\n--\n\n-- Dumped from database version 99.1\n");
            Assertions.assertThatThrownBy(() -> disposable.requireCanLoad(newer))
                    .isInstanceOf(RestoreEnvironmentException.class).hasMessageContaining("postgresql-99");
            disposable.requireCanLoad(sql);
            assertThat(disposable.version()).contains("PostgreSQL");
            pid = Long.parseLong(Files.readAllLines(home.resolve("server/data/postmaster.pid")).get(0).trim());
            assertThat(ProcessHandle.of(pid).orElseThrow().info().user().orElse("?")).isEqualTo(
                    "root".equals(System.getProperty("user.name")) ? "postgres" : System.getProperty("user.name"));
        } finally {
            disposable.close();
        }

        assertThat(home).doesNotExist();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void start_noServerBinaries_isAnEnvironmentProblemNamingThePackage() {
        DisposablePostgres none = new DisposablePostgres(dir.resolve("none"), ByteSize.parse("32MB"),
                new ProcessRunner(), List.of(dir.resolve("empty-bin")));

        Assertions.assertThatThrownBy(none::start).isInstanceOf(RestoreEnvironmentException.class)
                .hasMessageContaining("postgresql");
    }
}
