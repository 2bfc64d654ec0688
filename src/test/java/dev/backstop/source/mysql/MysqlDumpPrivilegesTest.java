package dev.backstop.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ByteSize;
import dev.backstop.core.SourceException;
import dev.backstop.core.SourceFacts;
import dev.backstop.exec.ProcessResult;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.exec.ProcessSpec;
import dev.backstop.source.DumpFixture;
import dev.backstop.source.LocalServer;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What mariadb-dump, run with backstop's arguments, makes of an account that may not read the
 * whole database, found against the real server; and that the source fails wherever the tool
 * stays silent, with GRANT statements that, run as root, make the next dump complete.
 */
@RequiresService(Services.MariaDb.class)
class MysqlDumpPrivilegesTest {

    private static final String PASSWORD = "pw-Privileges1";

    @TempDir
    Path dir;

    private final String suffix = DumpFixture.suffix();
    private final String db = "bstest_" + suffix;
    private final List<String> cleanup = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** The objects a dump can lose: tables, a view, a trigger, a procedure and a function. */
    @BeforeEach
    void createDatabase() throws Exception {
        cleanup.add("DROP DATABASE IF EXISTS `" + db + "`;");
        MariaDb.sql(null, "CREATE DATABASE `" + db + "`; USE `" + db + "`;"
                + "CREATE TABLE users (id INT PRIMARY KEY, name TEXT); INSERT INTO users VALUES (1, 'a'), (2, 'b');"
                + "CREATE TABLE orders (id INT PRIMARY KEY, user_id INT); INSERT INTO orders VALUES (1, 1);"
                + "CREATE TABLE audit (id INT AUTO_INCREMENT PRIMARY KEY, note TEXT);"
                + "CREATE VIEW v_users AS SELECT id FROM users;"
                + "CREATE TRIGGER trg_orders AFTER INSERT ON orders FOR EACH ROW INSERT INTO audit (note) VALUES ('x');"
                + "CREATE PROCEDURE p_one() SELECT 1;"
                + "CREATE FUNCTION f_one() RETURNS INT DETERMINISTIC RETURN 1;");
    }

    @AfterEach
    void dropEverything() throws Exception {
        for (String statement : cleanup) {
            MariaDb.sql(null, statement);
        }
    }

    @Test
    void tableGrant_toolExitsZeroWithoutTheOtherTables_sourceFailsWithTheGrantThatFixesIt() throws Exception {
        String user = account("GRANT SELECT ON `%1$s`.users TO %2$s; GRANT EVENT ON `%1$s`.* TO %2$s");

        String tool = toolSucceeds(user);
        assertThat(tool).contains("CREATE TABLE `users`").doesNotContain("CREATE TABLE `orders`")
                .doesNotContain("v_users").doesNotContain("trg_orders").doesNotContain("p_one");

        assertThatThrownBy(() -> dump(user))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("source appdb: user '" + user + "'@'localhost' may not read all of database '"
                        + db + "'")
                .hasMessageContaining("no SELECT privilege on").hasMessageContaining("it can list only `users`")
                .hasMessageContaining("the triggers").hasMessageContaining("procedures and functions")
                .hasMessageContaining("GRANT SELECT, SHOW VIEW, TRIGGER ON `" + db + "`.* TO '" + user + "'@'localhost';"
                        + " GRANT SELECT ON `mysql`.`proc` TO '" + user + "'@'localhost';");
        assertThat(dumpAfterTheSuggestedGrants(user).tableRows()).containsOnlyKeys("users", "orders", "audit");
    }

    @Test
    void tableGrantWithoutEvent_toolFailsLoudlyOnShowEvents() throws Exception {
        String user = account("GRANT SELECT ON `%1$s`.users TO %2$s");

        ProcessResult tool = tool(user, new StringBuilder());

        assertThat(tool.exitCode()).isEqualTo(2);
        assertThat(tool.stderrTail()).contains("Couldn't execute 'show events': Access denied");
        assertThatThrownBy(() -> dump(user)).hasMessageContaining("may not read all of database");
    }

    @Test
    void noTriggerPrivilege_toolLeavesTriggersOutSilently_sourceFails() throws Exception {
        String user = account("GRANT SELECT, SHOW VIEW, EVENT ON `%1$s`.* TO %2$s; GRANT SELECT ON mysql.proc TO %2$s");

        assertThat(toolSucceeds(user)).contains("CREATE TABLE `orders`").contains("p_one").doesNotContain("trg_orders");
        assertThatThrownBy(() -> dump(user))
                .hasMessageContaining("lack, without any error: the triggers, which it sees only with the TRIGGER privilege")
                .hasMessageEndingWith("run again: GRANT TRIGGER ON `" + db + "`.* TO '" + user + "'@'localhost';");
        assertThat(dumpAfterTheSuggestedGrants(user).tableRows()).containsOnlyKeys("users", "orders", "audit");
    }

    @Test
    void usualBackupGrantWithoutRoutineAccess_toolLeavesRoutinesOutSilently_sourceFails() throws Exception {
        String user = account("GRANT SELECT, LOCK TABLES, SHOW VIEW, EVENT, TRIGGER ON `%1$s`.* TO %2$s");

        assertThat(toolSucceeds(user)).contains("trg_orders").contains("v_users").doesNotContain("p_one")
                .doesNotContain("f_one");
        assertThatThrownBy(() -> dump(user))
                .hasMessageContaining("the stored procedures and functions, which it reads only with SELECT on mysql.proc")
                .hasMessageEndingWith("run again: GRANT SELECT ON `mysql`.`proc` TO '" + user + "'@'localhost';");
        dumpAfterTheSuggestedGrants(user);
    }

    @Test
    void databaseGrantAndRoutineAccessWithoutLockTables_toolDumpsEverything_sourcePasses() throws Exception {
        String user = account("GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON `%1$s`.* TO %2$s;"
                + " GRANT SELECT ON mysql.proc TO %2$s");

        assertThat(toolSucceeds(user)).contains("trg_orders").contains("v_users").contains("p_one").contains("f_one");
        SourceFacts facts = dump(user);

        assertThat(facts.tableRows()).containsEntry("users", 2L).containsEntry("orders", 1L).containsEntry("audit", 0L)
                .hasSize(3);
        assertThat(Files.readString(dir.resolve("dump.sql"))).contains("p_one").contains("trg_orders");
    }

    @Test
    void noShowView_toolFailsLoudlyOnTheView_sourceFailsWithItsMessage() throws Exception {
        String user = account("GRANT SELECT, TRIGGER, EVENT ON `%1$s`.* TO %2$s; GRANT SELECT ON mysql.proc TO %2$s");

        assertThat(tool(user, new StringBuilder()).stderrTail()).contains("SHOW VIEW command denied");
        assertThatThrownBy(() -> dump(user))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("exited with status 2").hasMessageContaining("SHOW VIEW command denied");
    }

    @Test
    void allOnTheDatabaseWithoutRoutineAccess_toolFailsLoudlyOnTheFunction_sourceToo() throws Exception {
        String user = account("GRANT ALL PRIVILEGES ON `%1$s`.* TO %2$s");

        assertThat(tool(user, new StringBuilder()).stderrTail()).contains("insufficient privileges to SHOW CREATE FUNCTION");
        assertThatThrownBy(() -> dump(user)).hasMessageContaining("insufficient privileges to SHOW CREATE FUNCTION");
    }

    @Test
    void globalGrant_sourcePasses() throws Exception {
        String user = account("GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON *.* TO %2$s");

        assertThat(dump(user).tableRows()).containsOnlyKeys("users", "orders", "audit");
    }

    @Test
    void wildcardDatabaseGrant_sourcePasses() throws Exception {
        String pattern = db.substring(0, db.length() - 3).replace("_", "\\_") + "%";
        String user = account("GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON `" + pattern.replace("%", "%%") + "`.* TO %2$s;"
                + " GRANT SELECT ON mysql.* TO %2$s");

        assertThat(dump(user).tableRows()).containsOnlyKeys("users", "orders", "audit");
    }

    @Test
    void exactGrantBesideWildcardOne_toolDumpsNoTableAtAll_sourceFails() throws Exception {
        String pattern = db.substring(0, db.length() - 3) + "%";
        String user = account("GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON `" + pattern.replace("%", "%%") + "`.* TO %2$s;"
                + " GRANT EVENT ON `%1$s`.* TO %2$s; GRANT SELECT ON mysql.proc TO %2$s");

        assertThat(toolSucceeds(user)).doesNotContain("CREATE TABLE");
        assertThatThrownBy(() -> dump(user))
                .hasMessageContaining("it can list none")
                .hasMessageContaining("the server applies only the most specific one")
                .hasMessageEndingWith("run again: GRANT SELECT, SHOW VIEW, TRIGGER ON `" + db + "`.* TO '" + user
                        + "'@'localhost';");
        assertThat(dumpAfterTheSuggestedGrants(user).tableRows()).containsOnlyKeys("users", "orders", "audit");
    }

    @Test
    void grantsThroughDefaultRole_sourcePasses_butNotWithoutTheRoleActive() throws Exception {
        String role = "bsr_" + suffix;
        cleanup.add(0, "DROP ROLE IF EXISTS " + role + ";");
        MariaDb.sql(null, "CREATE ROLE " + role + "; GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON `" + db + "`.* TO " + role
                + "; GRANT SELECT ON mysql.proc TO " + role);
        String user = account("GRANT " + role + " TO %2$s");

        assertThatThrownBy(() -> dump(user)).hasMessageContaining("Access denied");
        MariaDb.sql(null, "SET DEFAULT ROLE " + role + " FOR '" + user + "'@'localhost'");
        assertThat(dump(user).tableRows()).containsOnlyKeys("users", "orders", "audit");
    }

    @Test
    void dumpCommandThatLeavesATableOut_sourceFailsNamingIt() throws Exception {
        Path wrapper = DumpFixture.script(dir, "filtering-dump", "#!/bin/sh\n"
                + "exec mariadb-dump --ignore-table=" + db + ".orders \"$@\"\n");
        MysqlSource source = new MysqlSource(new MysqlConfig("appdb", ByteSize.ofBytes(1), db, null, null, null,
                null, null, null, wrapper.toString(), Duration.ofMinutes(1)), new ProcessRunner(), name -> null);

        assertThatThrownBy(() -> DumpFixture.dump(source, dir.resolve("dump.sql"), dir, warnings))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("the dump of database '" + db + "' lacks table `orders`, which user 'root'@'localhost'"
                        + " can list");
    }

    /** Creates bsg_…@localhost with PASSWORD; {@code grants} has %1$s for the database and %2$s for the account. */
    private String account(String grants) throws Exception {
        String user = "bsg_" + suffix;
        String account = "'" + user + "'@'localhost'";
        cleanup.add(0, "DROP USER IF EXISTS " + account + ";");
        MariaDb.sql(null, "CREATE USER " + account + " IDENTIFIED BY '" + PASSWORD + "';" + grants.formatted(db, account));
        return user;
    }

    /** Runs the real mariadb-dump with the source's arguments, as the account. */
    private ProcessResult tool(String user, StringBuilder sql) throws Exception {
        Path cnf = dir.resolve("tool.cnf");
        Files.deleteIfExists(cnf);
        Files.createFile(cnf, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(cnf, MysqlOptionFile.content(PASSWORD, null));
        List<String> argv = new MysqlClient(config(user), name -> PASSWORD).argv(Path.of("mariadb-dump"), cnf,
                MysqlSource.DUMP_OPTIONS, db);
        return LocalServer.run(ProcessSpec.of(argv).withTimeout(Duration.ofMinutes(1)), sql);
    }

    /** The tool's output, after checking that it reported a complete dump. */
    private String toolSucceeds(String user) throws Exception {
        StringBuilder sql = new StringBuilder();
        ProcessResult result = tool(user, sql);
        assertThat(result.exitCode()).as(result.stderrTail()).isZero();
        assertThat(result.stderrTail()).isEmpty();
        assertThat(sql.toString().strip()).containsPattern("-- Dump completed on [^\\n]*$");
        return sql.toString();
    }

    private SourceFacts dump(String user) throws Exception {
        return DumpFixture.dump(source(user), dir.resolve("dump.sql"), dir, warnings);
    }

    /** Runs, as root, the GRANT statements the source's message asks for, then dumps again. */
    private SourceFacts dumpAfterTheSuggestedGrants(String user) throws Exception {
        String message = "";
        try {
            dump(user);
        } catch (SourceException e) {
            message = e.getMessage();
        }
        assertThat(message).contains("run again: ");
        MariaDb.sql(null, message.substring(message.indexOf("run again: ") + "run again: ".length()));
        SourceFacts facts = dump(user);
        assertThat(Files.readString(dir.resolve("dump.sql"))).contains("p_one").contains("f_one").contains("trg_orders")
                .contains("v_users");
        return facts;
    }

    private MysqlSource source(String user) {
        return new MysqlSource(config(user), new ProcessRunner(), name -> PASSWORD);
    }

    private MysqlConfig config(String user) {
        return new MysqlConfig("appdb", ByteSize.ofBytes(1), db, null, null, null, null, user, "PW", null,
                Duration.ofMinutes(1));
    }
}
