package dev.backstop.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.backstop.core.ConfigException;
import dev.backstop.registry.Kinds;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each malformed file gives exactly these message lines, in file order, and nothing else. */
class ConfigLoaderMalformedTest {

    private static final Path FILE = Path.of("backstop.yml");

    static Stream<Arguments> malformedFiles() {
        return Stream.of(
                Arguments.of("a target's key at the top level", """
                        sources:
                          - {name: etc, type: files, paths: [/etc]}
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        retention: {keep_last: 3}
                        """, """
                        backstop.yml:5:1: retention: not a key of the top level: it belongs under each target \
                        (targets: - name: ... retention: {keep_daily: 7, ...}); every target keeps its own"""),
                Arguments.of("a source's key at the top level", """
                        sources:
                          - {name: etc, type: files, paths: [/etc]}
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        incremental: {full_every: 7d}
                        """, """
                        backstop.yml:5:1: incremental: not a key of the top level: it belongs under a files source \
                        (sources: - name: ... type: files incremental: ...)"""),
                Arguments.of("unknown source key", """
                        sources:
                          - name: appdb
                            type: mysql
                            databse: app
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        """, """
                        backstop.yml:2:5: sources[0].database: required key is missing
                        backstop.yml:4:5: sources[0].databse: unknown key (known keys for a mysql source: name, \
                        type, min_size, anomaly, database, defaults_file, host, port, socket, user, password_env, \
                        dump_command, timeout, restore_test, log_archive)"""),
                Arguments.of("incremental section with wrong values", """
                        sources:
                          - name: www
                            type: files
                            paths: [/srv/www]
                            incremental:
                              full_every: 0s
                              max_chain: 0
                              check_device: maybe
                              every: 1d
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        """, """
                        backstop.yml:6:19: sources[0].incremental.full_every: must be longer than zero
                        backstop.yml:7:18: sources[0].incremental.max_chain: must be a whole number from 1 to 10000, not '0'
                        backstop.yml:8:21: sources[0].incremental.check_device: must be true or false, not 'maybe'
                        backstop.yml:9:7: sources[0].incremental.every: unknown key (known keys for incremental: \
                        full_every, max_chain, check_device)"""),
                Arguments.of("log_archive whose max_lag a normal segment would pass", """
                        sources:
                          - name: appdb
                            type: mysql
                            database: shop
                            log_archive:
                              defaults_file: /etc/backstop/repl.cnf
                              segment_max_age: 10m
                          - {name: other, type: mysql, database: crm, log_archive: {max_lag: 1h}}
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        """, """
                        backstop.yml:6:7: sources[0].log_archive.max_lag: must be longer than segment_max_age 10m \
                        (max_lag is 10m when not set): the open binary log waits up to segment_max_age before it \
                        ships, so status would be CRITICAL in normal operation
                        backstop.yml:8:60: sources[1].log_archive.defaults_file: required key is missing (the option \
                        file of the streaming account, with REPLICATION SLAVE)"""),
                Arguments.of("sources written as a mapping", """
                        sources:
                          name: etc
                          type: files
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        """, """
                        backstop.yml:2:3: sources: must be a list, not a mapping"""),
                Arguments.of("port that is not a number", """
                        sources:
                          - name: appdb
                            type: mysql
                            database: app
                            port: abc
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        """, """
                        backstop.yml:5:11: sources[0].port: must be a whole number from 1 to 65535, not 'abc'"""),
                Arguments.of("size with an unknown unit", """
                        sources:
                          - {name: etc, type: files, paths: [/etc], min_size: 12 parsecs}
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        """, """
                        backstop.yml:2:55: sources[0].min_size: unknown size unit 'parsecs' in '12 parsecs' \
                        (use B, kB, MB, GB, TB, KiB, MiB, GiB or TiB)"""),
                Arguments.of("duration that is not one", """
                        sources:
                          - name: packages
                            type: command
                            command: [dpkg-query, -W]
                            timeout: forever
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        """, """
                        backstop.yml:5:14: sources[0].timeout: not a duration: 'forever' \
                        (examples: 30s, 10m, 6h, 14d, 1h30m)"""),
                Arguments.of("source without a name", """
                        sources:
                          - type: files
                            paths: [/etc]
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        """, """
                        backstop.yml:2:5: sources[0].name: required key is missing"""),
                Arguments.of("two sources with one name", """
                        sources:
                          - {name: etc, type: files, paths: [/etc]}
                          - {name: etc, type: files, paths: [/usr/local/etc]}
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        """, """
                        backstop.yml:3:12: sources[1].name: duplicate source name 'etc' (first used at line 2)"""),
                Arguments.of("unknown source type", """
                        sources:
                          - {name: appdb, type: oracle, sid: ORCL}
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        """, """
                        backstop.yml:2:25: sources[0].type: unknown source type 'oracle' \
                        (known: mysql, postgres, sqlite, files, command)"""),
                Arguments.of("s3 target without a bucket, with a key written into the file", """
                        sources:
                          - {name: etc, type: files, paths: [/etc]}
                        targets:
                          - name: bucket
                            type: s3
                            secret_key_env: "wJalrXUtnFEMI/K7MDENG"
                        """, """
                        backstop.yml:4:5: targets[0].bucket: required key is missing
                        backstop.yml:6:21: targets[0].secret_key_env: is not the name of an environment variable; \
                        write the variable's name (e.g. S3_SECRET_KEY), never the key itself"""),
                Arguments.of("sftp target without its required keys", """
                        sources:
                          - {name: etc, type: files, paths: [/etc]}
                        targets:
                          - name: nas
                            type: sftp
                            host: nas.example.lan
                        """, """
                        backstop.yml:4:5: targets[0].user: required key is missing
                        backstop.yml:4:5: targets[0].identity: required key is missing (the private key file, e.g. \
                        /etc/backstop/id_ed25519)
                        backstop.yml:4:5: targets[0].known_hosts: required key is missing (a file with the server's \
                        pinned host key; 'backstop hostkey --target nas' prints the line to put there)
                        backstop.yml:4:5: targets[0].path: required key is missing"""),
                Arguments.of("sftp target with wrong values", """
                        sources:
                          - {name: etc, type: files, paths: [/etc]}
                        targets:
                          - name: nas
                            type: sftp
                            host: FSAdmin@nas
                            port: 70000
                            user: FSAdmin
                            identity: /etc/backstop/id_ed25519
                            known_hosts: /etc/backstop/known_hosts
                            path: /homes/FSAdmin/Backup
                            verify: sometimes
                            shell_path_prefix: volume1/
                            passphrase_env: "my secret"
                            io_timeout: 0s
                            retries: -1
                            password: hunter2
                        """, """
                        backstop.yml:6:11: targets[0].host: 'FSAdmin@nas' is not a host name or address (write the \
                        user under user: and the directory under path:)
                        backstop.yml:7:11: targets[0].port: must be a whole number from 1 to 65535, not '70000'
                        backstop.yml:12:13: targets[0].verify: unknown verification 'sometimes' (known: auto, \
                        read-back, remote-hash)
                        backstop.yml:13:24: targets[0].shell_path_prefix: must be an absolute directory without a \
                        trailing '/', e.g. /volume1 (not 'volume1/')
                        backstop.yml:14:21: targets[0].passphrase_env: is not the name of an environment variable; \
                        write the variable's name (e.g. NAS_KEY_PASSPHRASE), never the passphrase
                        backstop.yml:15:17: targets[0].io_timeout: must be longer than zero
                        backstop.yml:16:14: targets[0].retries: must be a whole number from 0 to 100, not '-1'
                        backstop.yml:17:5: targets[0].password: passwords are not written in the configuration file; \
                        use password_env (the name of an environment variable) or an option file (defaults_file for \
                        mysql, passfile for postgres)"""),
                Arguments.of("notify entries with an unknown type, a URL that is no URL and an unknown event", """
                        sources:
                          - {name: etc, type: files, paths: [/etc]}
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        notify:
                          - type: pager
                          - type: webhook
                            url: ftp://hc-ping.example/abc
                            on: [success, explosion]
                        """, """
                        backstop.yml:6:11: notify[0].type: unknown notifier type 'pager' (known: email, webhook)
                        backstop.yml:8:10: notify[1].url: must be an http:// or https:// URL with a host
                        backstop.yml:9:9: notify[1].on[1]: unknown event 'explosion' (known: success, failure, \
                        anomaly, recovery)"""),
                Arguments.of("password written in the file", """
                        sources:
                          - name: appdb
                            type: mysql
                            database: app
                            password: "s3cr3t"
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        """, """
                        backstop.yml:5:5: sources[0].password: passwords are not written in the configuration \
                        file; use password_env (the name of an environment variable) or an option file \
                        (defaults_file for mysql, passfile for postgres)"""),
                Arguments.of("YAML syntax error", """
                        sources:
                          - name: etc
                           type: files
                        targets: []
                        """, """
                        backstop.yml:3:4: YAML syntax error: while parsing a block collection (line 2, column 3): \
                        expected <block end>, but found '<block mapping start>'"""),
                Arguments.of("several problems, reported in file order", """
                        host: web 1
                        sources:
                          - name: appdb
                            type: mysql
                            database: app
                            port: 70000
                          - name: etc
                            type: files
                            paths: /etc
                        targets:
                          - name: local
                            type: local
                            path: ~/backups
                            retention: {keep_last: 0}
                        anomaly: {max_shrink: 120%}
                        compresion: zstd
                        """, """
                        backstop.yml:1:7: host: 'web 1' is not a safe name: use letters, digits, '.', '_' and '-', \
                        starting with a letter or digit (it becomes part of file and directory names)
                        backstop.yml:6:11: sources[0].port: must be a whole number from 1 to 65535, not '70000'
                        backstop.yml:9:12: sources[1].paths: must be a list, not a single value ('/etc')
                        backstop.yml:13:11: targets[0].path: '~' is not expanded (backstop runs from cron, where \
                        the home directory may differ); write the full path
                        backstop.yml:14:28: targets[0].retention.keep_last: must be a whole number of at least 1, \
                        not '0'
                        backstop.yml:15:23: anomaly.max_shrink: must be a percentage from 1% to 100% \
                        (written 20% or 20), not '120%'
                        backstop.yml:16:1: compresion: unknown key (known keys for the top level: host, \
                        state_dir, compression, sources, targets, anomaly, notify, encryption)"""),
                Arguments.of("empty file", "", """
                        backstop.yml:1:1: the configuration file is empty (it needs at least sources: and \
                        targets:; 'backstop init' writes a commented starter configuration)"""),
                Arguments.of("comments only", "# nothing here yet\n", """
                        backstop.yml:1:1: the configuration file is empty (it needs at least sources: and \
                        targets:; 'backstop init' writes a commented starter configuration)"""),
                Arguments.of("no sources and no targets", "host: web-1\n", """
                        backstop.yml:1:1: sources: required key is missing (at least one of: mysql, postgres, \
                        sqlite, files, command)
                        backstop.yml:1:1: targets: required key is missing (at least one, e.g. a local directory)"""),
                Arguments.of("a list instead of a mapping", "- sources\n- targets\n", """
                        backstop.yml:1:1: must be a mapping of keys (host:, sources:, targets:, ...), not a list"""),
                Arguments.of("duplicate key in one mapping", """
                        sources:
                          - {name: etc, type: files, paths: [/etc], paths: [/srv]}
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        """, """
                        backstop.yml:2:45: sources[0].paths: duplicate key (first given at line 2)"""),
                Arguments.of("two targets with one name", """
                        sources:
                          - {name: etc, type: files, paths: [/etc]}
                        targets:
                          - {name: disk, type: local, path: /srv/a}
                          - {name: disk, type: local, path: /srv/b}
                        """, """
                        backstop.yml:5:12: targets[1].name: duplicate target name 'disk' (first used at line 4)"""),
                Arguments.of("command written as one string", """
                        sources:
                          - {name: packages, type: command, command: dpkg-query -W}
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        """, """
                        backstop.yml:2:46: sources[0].command: must be a list, not a single value \
                        ('dpkg-query -W')"""),
                Arguments.of("password_env holding a password is not echoed", """
                        sources:
                          - {name: db, type: postgres, database: app, password_env: "pa ss$#"}
                        targets:
                          - {name: local, type: local, path: /srv/backups}
                        """, """
                        backstop.yml:2:61: sources[0].password_env: is not the name of an environment variable; \
                        write the variable's name (e.g. DB_PASSWORD), never the password"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFiles")
    void parse_malformedFile_reportsExactlyTheseLines(String what, String yaml, String expected) {
        // given a malformed file; when it is parsed; then one exception lists every problem
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, FILE, Kinds.schema()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(expected);
    }
}
