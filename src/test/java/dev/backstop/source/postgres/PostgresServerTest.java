package dev.backstop.source.postgres;

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

@RequiresService(Services.Postgres.class)
class PostgresServerTest extends DatabaseServerContract {

    @Override
    protected DatabaseServer server(Path scratchDir) throws Exception {
        PostgresConfig config = new PostgresConfig("pgdb", ByteSize.ofBytes(1), "unused", "127.0.0.1",
                5432, "postgres", null, null, null, Duration.ofMinutes(1));
        return new PostgresServer(config, new ProcessRunner(), scratchDir, name -> null);
    }

    @Override
    protected String dump() {
        return "CREATE TABLE public.small (id int PRIMARY KEY, s text);"
                + " INSERT INTO public.small VALUES (1, 'a'), (2, 'b'), (3, 'c');\n"
                + "CREATE TABLE public.\"Odd Name\" (id int); INSERT INTO public.\"Odd Name\" VALUES (1);\n"
                + "CREATE TABLE public.empty_one (id int);\n";
    }

    @Override
    protected Map<String, Long> dumpRows() {
        return Map.of("public.small", 3L, "public.\"Odd Name\"", 1L, "public.empty_one", 0L);
    }

    @Override
    protected List<String> clientNames() {
        return List.of("psql");
    }
}
