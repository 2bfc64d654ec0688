package dev.backstop.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.ByteSize;
import dev.backstop.exec.ProcessRunner;
import dev.backstop.source.DatabaseServer;
import dev.backstop.source.DatabaseServerContract;
import dev.backstop.testing.RequiresService;
import dev.backstop.testing.Services;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@RequiresService(Services.MariaDb.class)
class MysqlServerTest extends DatabaseServerContract {

    @Override
    protected DatabaseServer server(Path scratchDir) throws Exception {
        return new MysqlServer(config(null, null), new ProcessRunner(), scratchDir, name -> null);
    }

    @Override
    protected String dump() {
        return "CREATE TABLE small (id INT PRIMARY KEY, s TEXT); INSERT INTO small VALUES (1, 'a'), (2, 'b'), (3, 'c');\n"
                + "CREATE TABLE `Odd Name` (id INT); INSERT INTO `Odd Name` VALUES (1);\n"
                + "CREATE TABLE empty_one (id INT);\n";
    }

    @Override
    protected Map<String, Long> dumpRows() {
        return Map.of("small", 3L, "Odd Name", 1L, "empty_one", 0L);
    }

    @Override
    protected List<String> clientNames() {
        return MysqlClient.CLIENTS;
    }

    @Test
    void createAndDrop_accountWithPasswordEnv_passwordReachesTheClientThroughAnOptionFile() throws Exception {
        String user = "bsu_" + prefix.substring(7, 17);
        String account = "'" + user + "'@'localhost'";
        String password = "rt pw \"q\" #x";
        MariaDb.sql(null, "CREATE USER " + account + " IDENTIFIED BY " + MariaDb.literal(password) + ";"
                + "GRANT ALL ON `" + prefix.replace("_", "\\_") + "%`.* TO " + account + ";");
        try {
            DatabaseServer server = new MysqlServer(config(user, "RT_PW"), new ProcessRunner(),
                    dir.resolve("scratch"), name -> name.equals("RT_PW") ? password : null);
            String database = database("pw");

            server.create(database);

            assertThat(server.exists(database)).isTrue();
            assertThat(MariaDb.sql(null, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '"
                    + database + "'")).isEqualTo(database);
            server.drop(database);
        } finally {
            MariaDb.sql(null, "DROP USER IF EXISTS " + account);
        }
    }

    private MysqlConfig config(String user, String passwordEnv) {
        return new MysqlConfig("appdb", ByteSize.ofBytes(1), "unused", null, null, null, null, user,
                passwordEnv, null, Duration.ofMinutes(1));
    }
}
