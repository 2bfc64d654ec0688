package dev.backstop.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link DatabaseServer} does, against the real server of its family on this machine.
 * Databases are named {@code bstest_<random>_…}, never {@code backstop_rt_…}, so that the suite
 * can run beside restore tests. A subclass supplies the server and a dump in its dialect.
 */
public abstract class DatabaseServerContract {

    @TempDir
    protected Path dir;

    /** Every database of this test starts with it; letters, digits and _ only. */
    protected final String prefix = "bstest_" + DumpFixture.suffix() + "_";
    private final List<String> created = new ArrayList<>();
    private Path scratch;
    private DatabaseServer server;

    /** The server, with {@code scratchDir} for its files; the fixture says {@code @RequiresService} for it. */
    protected abstract DatabaseServer server(Path scratchDir) throws Exception;

    /**
     * A plain SQL dump in the family's dialect: table {@code small} with 3 rows, {@code Odd Name}
     * with 1, {@code empty_one} with none.
     */
    protected abstract String dump();

    /** The rows of {@link #dump()}, keyed as the family's dump scanner names the tables. */
    protected abstract Map<String, Long> dumpRows();

    /** The SQL program's name: {@code mariadb}, {@code mysql} or {@code psql}. */
    protected abstract List<String> clientNames();

    @BeforeEach
    void startServer() throws Exception {
        scratch = Files.createDirectories(dir.resolve("scratch"));
        server = server(scratch);
    }

    @AfterEach
    void dropDatabasesAndCheckScratch() throws Exception {
        for (String database : created) {
            server.drop(database);
        }
        try (var left = Files.list(scratch)) {
            assertThat(left).as("SQL and credentials files left in scratch").isEmpty();
        }
    }

    @Test
    void createExistsListDrop_lifecycle_dropIdempotent() throws Exception {
        String database = database("a");

        assertThat(server.exists(database)).isFalse();
        server.create(database);
        assertThat(server.exists(database)).isTrue();
        assertThat(server.databases(prefix)).containsExactly(database);
        server.drop(database);
        assertThat(server.exists(database)).isFalse();
        server.drop(database);
        assertThat(server.databases(prefix)).isEmpty();
    }

    @Test
    void databases_underscoreInPrefix_matchesOnlyAnUnderscore() throws Exception {
        String lookalike = prefix.substring(0, prefix.length() - 1) + "x";
        created.add(lookalike + "b");
        server.create(lookalike + "b");
        String database = database("b");
        server.create(database);

        assertThat(server.databases(prefix)).containsExactly(database);
    }

    @Test
    void databases_prefixWithOtherCharacters_refusedBeforeAnyQuery() {
        assertThatThrownBy(() -> server.databases("x%' OR 1=1 -- "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void create_existingDatabase_failsWithTheClientsStderr() throws Exception {
        String database = database("c");
        server.create(database);

        assertThatThrownBy(() -> server.create(database))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(" could not query ")
                .hasMessageContaining("exited with status")
                .hasMessageContaining(database);
    }

    @Test
    void loadThenCountRows_rowsPerTableAsTheScannerKeysThem() throws Exception {
        String database = database("d");
        server.create(database);
        assertThat(server.countRows(database)).isEmpty();

        server.load(database, Files.writeString(dir.resolve("dump.sql"), dump()));

        assertThat(server.countRows(database)).containsExactlyInAnyOrderEntriesOf(dumpRows());
    }

    @Test
    void load_failingStatement_failsNamingFileAndDatabase() throws Exception {
        String database = database("e");
        server.create(database);

        assertThatThrownBy(() -> server.load(database, Files.writeString(dir.resolve("bad.sql"),
                "SELECT * FROM no_such_table;\n")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("could not load bad.sql into database '" + database + "': it exited with status")
                .hasMessageContaining("no_such_table");
    }

    @Test
    void client_namesTheSqlProgram() throws Exception {
        assertThat(server.client()).isIn(clientNames());
    }

    /** A database name of this test, dropped afterwards. */
    protected String database(String tail) {
        created.add(prefix + tail);
        return prefix + tail;
    }
}
