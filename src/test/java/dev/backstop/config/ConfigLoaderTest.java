package dev.backstop.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.codec.Compression;
import dev.backstop.core.ByteSize;
import dev.backstop.core.ConfigException;
import dev.backstop.registry.Kinds;
import dev.backstop.source.command.CommandConfig;
import dev.backstop.source.files.FilesConfig;
import dev.backstop.source.mysql.MysqlConfig;
import dev.backstop.source.postgres.PostgresConfig;
import dev.backstop.source.sqlite.SqliteConfig;
import dev.backstop.target.local.LocalConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path copyResource(String name) throws IOException {
        Path file = dir.resolve("etc").resolve("backstop.yml");
        Files.createDirectories(file.getParent());
        try (InputStream in = getClass().getResourceAsStream("/config/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    @Test
    void load_fullExample_givesRecordsWithResolvedPaths() throws Exception {
        // given a configuration with every source type and relative paths, in <dir>/etc
        Path file = copyResource("full.yml");
        Path etc = file.getParent();

        // when
        BackstopConfig config = ConfigLoader.load(file, Kinds.schema());

        // then
        assertThat(config.file()).isEqualTo(file.toAbsolutePath());
        assertThat(config.host()).isEqualTo("api-gateway");
        assertThat(config.stateDir()).isEqualTo(etc.resolve("state"));
        assertThat(config.compression()).isEqualTo(Compression.ZSTD);
        assertThat(config.sources()).containsExactly(
                new MysqlConfig("appdb", ByteSize.ofBytes(1_000_000), "askproai", etc.resolve("mysql.cnf"),
                        null, null, null, null, null, null, Duration.ofHours(6)),
                new PostgresConfig("shop", ByteSize.ofBytes(1), "shop", "127.0.0.1", 5432, "backup", null,
                        "SHOP_PASSWORD", null, Duration.ofHours(2)),
                new SqliteConfig("state", ByteSize.ofBytes(1), etc.resolve("data/state.db")),
                new FilesConfig("application", ByteSize.ofBytes(1),
                        List.of(Path.of("/var/www/api-gateway"), etc.resolve("www")),
                        List.of("storage/logs/**", "node_modules/**")),
                new FilesConfig("system-state", ByteSize.ofBytes(1),
                        List.of(Path.of("/etc/nginx"), Path.of("/etc/php"), Path.of("/etc/supervisor"),
                                Path.of("/var/spool/cron/crontabs")), List.of()),
                new CommandConfig("packages", ByteSize.ofBytes(1), List.of("dpkg-query", "-W"),
                        Duration.ofHours(1)));
        assertThat(config.targets()).containsExactly(new LocalConfig("local", dir.resolve("backups"),
                new RetentionPolicy(20, null, 14, null, null, null, Duration.ofDays(2), ZoneId.of("Europe/Berlin"))));
        assertThat(config.anomaly()).isEqualTo(new AnomalyConfig(5, 30, 150));
    }

    @Test
    void parse_minimalFile_fillsEveryDefault() throws Exception {
        // given only the required keys
        String yaml = """
                sources:
                  - {name: etc, type: files, paths: [/etc]}
                targets:
                  - {name: local, type: local, path: /srv/backups}
                """;

        // when
        BackstopConfig config = ConfigLoader.parse(yaml, dir.resolve("backstop.yml"), Kinds.schema());

        // then
        assertThat(config.host()).isEqualTo(ConfigLoader.machineHostName());
        assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/backstop"));
        assertThat(config.compression()).isEqualTo(Compression.GZIP);
        assertThat(config.anomaly()).isEqualTo(new AnomalyConfig(7, 20, 100));
        assertThat(config.sources().get(0).minSize()).isEqualTo(ByteSize.ofBytes(1));
        assertThat(config.targets().get(0).retention()).isEqualTo(RetentionPolicy.keepEverything());
    }

    @Test
    void load_missingFile_namesTheFile() {
        // given a path where nothing exists
        Path file = dir.resolve("nowhere.yml");

        // when / then
        assertThatThrownBy(() -> ConfigLoader.load(file, Kinds.schema()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("configuration file " + file + " does not exist"
                        + " (write a commented starter configuration with 'backstop init')");
    }

    @Test
    void load_directory_namesItAsUnreadable() {
        // given a directory where a file is expected; when / then
        assertThatThrownBy(() -> ConfigLoader.load(dir, Kinds.schema()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot read configuration file " + dir + ": ");
    }

    @Test
    void load_fileNotUtf8_saysSo() throws IOException {
        // given Latin-1 bytes that are not valid UTF-8
        Path file = dir.resolve("latin1.yml");
        Files.write(file, new byte[] {'h', 'o', 's', 't', ':', ' ', (byte) 0xE9, '\n'});

        // when / then
        assertThatThrownBy(() -> ConfigLoader.load(file, Kinds.schema()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("cannot read configuration file " + file + ": it is not UTF-8 text");
    }
}
