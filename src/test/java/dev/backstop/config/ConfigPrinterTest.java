package dev.backstop.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.backstop.core.Durations;
import dev.backstop.registry.Kinds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigPrinterTest {

    private static final Path FILE = Path.of("/etc/backstop/backstop.yml");
    private static final String CANARY = "pa'ss \"w$rd #1";

    private static BackstopConfig config() throws Exception {
        return ConfigLoader.parse("""
                host: web-1
                sources:
                  - {name: appdb, type: mysql, database: app, defaults_file: mysql.cnf, password_env: DB_PASS}
                  - {name: shop, type: postgres, database: shop, password_env: SHOP_PASS, min_size: 2 MiB}
                  - {name: www, type: files, paths: [/srv/my site], exclude: ["cache/**"]}
                targets:
                  - {name: local, type: local, path: /srv/backups, retention: {keep_last: 3, time_zone: UTC}}
                """, FILE, Kinds.schema());
    }

    @Test
    void render_passwordEnv_printsNameAndWhetherSetNeverTheValue() throws Exception {
        // given DB_PASS is set to a canary and SHOP_PASS is not set
        Map<String, String> env = Map.of("DB_PASS", CANARY);

        // when
        String text = ConfigPrinter.render(config(), Kinds.schema(), env::get);

        // then
        assertThat(text).contains("    password_env: DB_PASS (set)\n")
                .contains("    password_env: SHOP_PASS (not set)\n")
                .doesNotContain(CANARY)
                .doesNotContain("w$rd");
    }

    @Test
    void render_processEnvironment_neverPrintsTheValue() throws Exception {
        // given a variable that is surely set in the process environment
        BackstopConfig config = ConfigLoader.parse("""
                sources:
                  - {name: db, type: postgres, database: app, password_env: PATH}
                targets:
                  - {name: local, type: local, path: /srv/backups}
                """, FILE, Kinds.schema());

        // when
        String text = ConfigPrinter.render(config, Kinds.schema());

        // then
        assertThat(text).contains("password_env: PATH (set)").doesNotContain(System.getenv("PATH"));
    }

    @Test
    void render_logArchive_durationsAndPathInTheConfigurationsOwnSyntax() throws Exception {
        BackstopConfig config = ConfigLoader.parse("""
                sources:
                  - name: appdb
                    type: mysql
                    database: app
                    log_archive: {defaults_file: /etc/backstop/my repl.cnf, segment_max_age: 90s, full_dump_every: 1d}
                targets:
                  - {name: local, type: local, path: /srv/backups}
                """, FILE, Kinds.schema());

        String text = ConfigPrinter.render(config, Kinds.schema(), name -> null);

        assertThat(text).contains("    log_archive: { defaults_file: \"/etc/backstop/my repl.cnf\", segment_max_age: 1m30s,"
                + " full_dump_every: 1d, max_lag: 10m }\n");
    }

    @Test
    void render_resolvedConfiguration_printsEveryKeyWithDefaults() throws Exception {
        // when
        String text = ConfigPrinter.render(config(), Kinds.schema(), name -> null);

        // then every key shows its effective value, relative paths resolved
        assertThat(text).isEqualTo("""
                # resolved configuration of /etc/backstop/backstop.yml
                host: web-1
                state_dir: /var/lib/backstop
                compression: gzip
                sources:
                  - name: appdb
                    type: mysql
                    min_size: 1 B
                    database: app
                    defaults_file: /etc/backstop/mysql.cnf
                    host: (not set)
                    port: (not set)
                    socket: (not set)
                    user: (not set)
                    password_env: DB_PASS (not set)
                    dump_command: (not set: mariadb-dump, else mysqldump)
                    timeout: 6h
                    restore_test: {server: disposable, memory: 256000000}
                  - name: shop
                    type: postgres
                    min_size: 2097152 B  # 2.0 MiB
                    database: shop
                    host: (not set)
                    port: (not set)
                    user: (not set)
                    passfile: (not set)
                    password_env: SHOP_PASS (not set)
                    dump_command: (not set: pg_dump)
                    timeout: 6h
                    restore_test: {server: disposable, memory: 256000000}
                  - name: www
                    type: files
                    min_size: 1 B
                    paths:
                      - "/srv/my site"
                    exclude:
                      - "cache/**"
                targets:
                  - name: local
                    type: local
                    path: /srv/backups
                    retention:
                      keep_last: 3
                      keep_hourly: (not set)
                      keep_daily: (not set)
                      keep_weekly: (not set)
                      keep_monthly: (not set)
                      keep_yearly: (not set)
                      keep_within: (not set)
                      time_zone: UTC
                anomaly:
                  window: 7
                  max_shrink: 20%
                  max_growth: 100%
                encryption: (not set)  # components are stored in the clear
                notify: []  # nobody is notified; cron mail and monitoring of 'backstop status' only
                """);
    }

    @Test
    void duration_severalUnits_readsBackAsTheSameDuration() {
        // given / when / then: the printed form is the configuration's own syntax
        assertThat(ConfigPrinter.duration(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(ConfigPrinter.duration(Duration.ofDays(14))).isEqualTo("14d");
        assertThat(Durations.parse(ConfigPrinter.duration(Duration.ofSeconds(93_784))))
                .isEqualTo(Duration.ofSeconds(93_784));
    }
}
