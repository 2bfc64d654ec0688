package dev.backstop.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ByteSize;
import dev.backstop.core.PreflightException;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.DumpFixture;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against the PostgreSQL server of the machine. Its pg_hba.conf trusts 127.0.0.1, so any
 * password is accepted there and a wrong password cannot fail; the failure cases are a missing
 * database and a role without privilege on one table, and the password path is proven by
 * watching pg_dump's argv and environment instead.
 */
@RequiresService(Services.Postgres.class)
class PostgresSourceTest {

    static final String CANARY = "pg ca\"na'ry $HOME #x \\ back:slash ";

    @TempDir
    Path dir;

    private final String suffix = DumpFixture.suffix();
    private final String db = "bstest_" + suffix;
    private final String role = "bsr_" + suffix;
    private final List<String> cleanup = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void createDatabase() throws Exception {
        cleanup.add("DROP DATABASE IF EXISTS " + db);
        Postgres.sql("postgres", "CREATE DATABASE " + db);
        Postgres.sql(db, "CREATE TABLE empty_one (id int primary key);"
                + "CREATE TABLE \"Order Items\" (id int primary key, s text, b bytea);"
                + "INSERT INTO \"Order Items\" VALUES (1, E'it''s \\t tab \\n newline \\\\ back \"q\" (a),(b)', '\\x00ff0a5c'),"
                + " (2, NULL, NULL), (3, '', ''), (4, E'\\\\.', NULL), (5, 'ünïcødé ✓', NULL);"
                + "CREATE SCHEMA s2; CREATE TABLE s2.bulk (id int, s text);"
                + "INSERT INTO s2.bulk SELECT g, repeat('z', 100) FROM generate_series(1, 5000) g;");
    }

    @AfterEach
    void dropEverything() throws Exception {
        for (String statement : cleanup) {
            Postgres.sql("postgres", statement);
        }
    }

    @Test
    void dump_realDatabase_rowCountsVersionAndTrailerMatchServerAndRestore() throws Exception {
        Path dump = dir.resolve("dump.sql");

        SourceFacts facts = dump(source(config(db, null, null, null)), dump);

        assertThat(facts.trailerSeen()).isTrue();
        assertThat(facts.serverVersion()).startsWith(Postgres.sql(db, "SHOW server_version").split(" ")[0]);
        assertThat(facts.tableRows()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "public.empty_one", 0L, "public.\"Order Items\"", 5L, "s2.bulk", 5000L));
        String restored = "bstest_r" + suffix;
        cleanup.add("DROP DATABASE IF EXISTS " + restored);
        Postgres.sql("postgres", "CREATE DATABASE " + restored);
        Postgres.load(restored, dump);
        for (var entry : facts.tableRows().entrySet()) {
            assertThat(Postgres.count(restored, entry.getKey())).as(entry.getKey())
                    .isEqualTo(Postgres.count(db, entry.getKey())).isEqualTo(entry.getValue());
        }
        String digest = "SELECT md5(string_agg(id || ':' || coalesce(s, 'N') || ':' || coalesce(encode(b, 'hex'), 'N'),"
                + " '|' ORDER BY id)) FROM \"Order Items\"";
        assertThat(Postgres.sql(restored, digest)).isEqualTo(Postgres.sql(db, digest));
        assertThat(warnings).isEmpty();
    }

    @Test
    void dump_missingDatabase_failsNamingIt() {
        PostgresSource source = source(config(db + "_missing", null, null, null));

        assertThatThrownBy(() -> dump(source, dir.resolve("dump.sql")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining(db + "_missing")
                .hasMessageContaining("exited with status 1");
    }

    @Test
    void dump_roleWithoutPrivilegeOnOneTable_failsWithPermissionDenied() throws Exception {
        cleanup.add("DROP ROLE IF EXISTS " + role);
        Postgres.sql("postgres", "CREATE ROLE " + role + " LOGIN");
        Postgres.sql(db, "GRANT USAGE ON SCHEMA s2 TO " + role + "; GRANT SELECT ON s2.bulk, empty_one TO " + role);

        assertThatThrownBy(() -> dump(source(config(db, role, null, null)), dir.resolve("dump.sql")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("permission denied")
                .hasMessageContaining("Order Items");
    }

    @Test
    void dump_toolKilledHalfway_fails() throws Exception {
        Path wrapper = script("killed-dump", "#!/bin/sh\npg_dump \"$@\" | head -c 20000\nkill -9 $$\n");

        assertThatThrownBy(() -> dump(source(config(db, null, null, wrapper.toString())), dir.resolve("d.sql")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("killed by signal 9");
    }

    @Test
    void dump_truncatedOutputWithExitZero_failsForMissingTrailer() throws Exception {
        Path wrapper = script("cut-dump", "#!/bin/sh\npg_dump \"$@\" | head -c 20000\nexit 0\n");

        assertThatThrownBy(() -> dump(source(config(db, null, null, wrapper.toString())), dir.resolve("d.sql")))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("without the '-- PostgreSQL database dump complete' trailer");
    }

    @Test
    void dump_passwordEnv_reachesPgDumpOnlyThroughPrivatePassfile() throws Exception {
        Path wrapper = script("spy-dump", "#!/bin/sh\n"
                + "cat /proc/$$/cmdline > '" + dir + "/cmdline'\n"
                + "cat /proc/$$/environ > '" + dir + "/environ'\n"
                + "stat -c %a \"$PGPASSFILE\" > '" + dir + "/mode'\n"
                + "cp \"$PGPASSFILE\" '" + dir + "/passfile-copy'\n"
                + "exec pg_dump \"$@\"\n");
        PostgresSource source = new PostgresSource(config(db, "postgres", "PGPW", wrapper.toString()),
                new ProcessRunner(), name -> name.equals("PGPW") ? CANARY : null);

        SourceFacts facts = dump(source, dir.resolve("dump.sql"));

        assertThat(facts.tableRows()).containsEntry("s2.bulk", 5000L);
        assertThat(Files.readString(dir.resolve("cmdline"))).contains("--no-password").doesNotContain("ca\"na'ry");
        assertThat(Files.readString(dir.resolve("environ"))).contains("PGPASSFILE=").doesNotContain("ca\"na'ry");
        assertThat(Files.readString(dir.resolve("mode")).strip()).isEqualTo("600");
        assertThat(Files.readString(dir.resolve("passfile-copy"), StandardCharsets.UTF_8))
                .isEqualTo("*:*:*:*:pg ca\"na'ry $HOME #x \\\\ back\\:slash \n");
    }

    @Test
    void preflight_dumpCommandMissing_failsNamingIt() {
        PostgresSource source = source(config(db, null, null, "no-such-pg-dump-" + suffix));

        assertThatThrownBy(source::preflight)
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("no-such-pg-dump-" + suffix);
    }

    Path script(String name, String text) throws Exception {
        return DumpFixture.script(dir, name, text);
    }

    SourceFacts dump(PostgresSource source, Path file) throws Exception {
        return DumpFixture.dump(source, file, dir, warnings);
    }

    static PostgresSource source(PostgresConfig config) {
        UnaryOperator<String> noEnv = name -> null;
        return new PostgresSource(config, new ProcessRunner(), noEnv);
    }

    static PostgresConfig config(String database, String user, String passwordEnv, String dumpCommand) {
        return new PostgresConfig("pgdb", ByteSize.ofBytes(1), database, "127.0.0.1", 5432,
                user == null ? "postgres" : user, null, passwordEnv, dumpCommand, Duration.ofMinutes(2));
    }
}
