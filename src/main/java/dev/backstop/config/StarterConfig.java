package dev.backstop.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The commented starter configuration that {@code backstop init} writes. Every key is documented
 * in a comment; optional keys are commented out with their default. It validates as it is (a
 * test proves it), backing up {@code /etc} into {@code /var/backups/backstop}.
 *
 * <p>The prose is written here, but the keys come from the schema that validates a
 * configuration: a line {@code #  @keys source mysql} is replaced by every key of that kind the
 * block above it does not show yet (each after the line's {@code #  }), and {@code @kinds target} by a block for every target kind
 * that has none. So a key or kind added to the schema appears in {@code init} without an edit here.
 */
public final class StarterConfig {

    private static final Pattern MARKER = Pattern.compile("(.*?)@(keys|kinds) (\\S+)(?: (\\S+))?");

    private StarterConfig() {
    }

    /** The starter configuration for {@code schema}'s kinds, ending with a newline. */
    public static String text(ConfigSchema schema) {
        Map<String, List<String>> keysOf = keysOf(schema);
        StringBuilder out = new StringBuilder();
        // where each marker was, by the length of its prefix: a block spans back to a marker no deeper than its own
        List<int[]> markers = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (String line : TEXT.split("\n", -1)) {
            var m = MARKER.matcher(line);
            if (!m.matches()) {
                out.append(line).append('\n');
                continue;
            }
            String prefix = m.group(1);
            String part = m.group(3) + (m.group(4) == null ? "" : " " + m.group(4));
            if (m.group(2).equals("keys")) {
                described.add(part);
                int from = markers.stream().filter(at -> at[0] <= prefix.length()).mapToInt(at -> at[1]).max().orElse(0);
                String block = out.substring(from);
                for (String key : keysOf.getOrDefault(part, List.of())) {
                    if (!Pattern.compile("(?m)^[ #-]*" + key + ":").matcher(block).find()) {
                        out.append(prefix).append(key).append(":                # see README.md and docs/\n");
                    }
                }
            } else {
                keysOf.forEach((kind, keys) -> {
                    if (kind.startsWith(part + " ") && !described.contains(kind)) {
                        String type = kind.substring(part.length() + 1);
                        out.append(prefix).append("#- name: my-").append(type).append("   # see README.md and docs/\n");
                        keys.stream().filter(k -> !k.equals("name")).forEach(k -> out.append(prefix).append("#  ")
                                .append(k).append(k.equals("type") ? ": " + type : ":").append('\n'));
                    }
                });
            }
            markers.add(new int[] {prefix.length(), out.length()});
        }
        // the split kept the text's final newline as an empty last line
        return out.substring(0, out.length() - 1);
    }

    /** The keys of each part, named as the markers name them: "top", "source mysql", "target s3", "notify email". */
    private static Map<String, List<String>> keysOf(ConfigSchema schema) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("top", ConfigLoader.TOP_LEVEL_KEYS);
        keys.put("retention", TargetReader.RETENTION_KEYS);
        schema.sources().forEach(k -> keys.put("source " + k.type(), k.keys()));
        schema.targets().forEach(k -> keys.put("target " + k.type(), k.keys()));
        NotifyReader.KEYS.forEach((type, k) -> keys.put("notify " + type, k));
        return keys;
    }

    private static final String TEXT = """
            # backstop configuration.
            # 'backstop config check' validates this file and prints it resolved, secrets masked.
            # Relative paths are resolved against the directory of this file; '~' is not expanded.
            # Sizes: 1048576, 500 KiB, 1MB, 2 GiB.  Durations: 30s, 10m, 6h, 14d, 1h30m.

            # Namespace of this server on every target: <target path>/<host>/...
            # Letters, digits, '.', '_' and '-'. Default: this machine's host name.
            #host: web-1

            # History database, lock file and spool (where components are written before upload).
            #state_dir: /var/lib/backstop

            # Compression of every component: gzip (default, readable everywhere) or zstd (faster).
            #compression: gzip

            # What to back up. Every source has:
            #   name:     unique; the component's file name (letters, digits, '.', '_', '-')
            #   type:     mysql, postgres, sqlite, files or command
            #   min_size: a smaller (compressed) component fails the run; default 1 byte
            #   anomaly:  this source's own thresholds, e.g. {max_shrink: 50%, max_growth: 300%};
            #             default: those of the top-level anomaly: section
            sources:
              # A tar archive of files and directories (permissions, owners, times, symlinks kept).
              - name: system-config
                type: files
                # Files and directories to archive (required, at least one).
                paths: [/etc]
                # Glob patterns to leave out, relative to each entry of paths. Default: none.
                exclude: ["ssl/private/**"]
                # Store only what changed since the previous run, in GNU tar's listed-incremental
                # format, with a full at least every full_every (docs/configuration.md).
                #incremental: { full_every: 7d, max_chain: 21, check_device: true }
                #min_size: 1 KiB
                #@keys source files

              # MySQL or MariaDB, dumped with mariadb-dump or mysqldump (--single-transaction).
              # Credentials never go on the command line: use an option file or password_env.
              # The account must read the whole database, or the source fails (docs/configuration.md):
              #   GRANT SELECT, SHOW VIEW, TRIGGER, EVENT ON `app`.* TO 'backup'@'localhost';
              #   GRANT SELECT ON `mysql`.`proc` TO 'backup'@'localhost';   -- MySQL 8: SHOW_ROUTINE ON *.*
              #- name: appdb
              #  type: mysql
              #  database: app                         # required
              #  defaults_file: /etc/backstop/mysql.cnf  # [client] user=... password=...; mode 0600
              #  host: 127.0.0.1                       # default: the local server
              #  port: 3306                            # 1-65535
              #  socket: /run/mysqld/mysqld.sock
              #  user: backup
              #  password_env: APPDB_PASSWORD          # the NAME of an environment variable
              #  dump_command: mariadb-dump            # default: mariadb-dump, else mysqldump
              #  timeout: 6h                           # the dump is stopped after this
              #  restore_test:                         # restore-test loads the dump into a throwaway
              #    server: disposable                  # server from this machine's binaries (default);
              #    memory: 256MB                       # source: scratch databases on this server
              #    defaults_file: /etc/backstop/restore.cnf  # server: source and restore --database:
              #                                        # an account allowed to CREATE/DROP databases
              #    binaries: /usr/sbin                 # where mariadbd is; default: PATH, /usr/sbin, ...
              #  min_size: 1MB
              #  log_archive:                          # backstop archive-logs: docs/log-archive.md
              #    defaults_file: /etc/backstop/replication.cnf  # REPLICATION SLAVE, BINLOG MONITOR
              #    segment_max_age: 1m                 # the open binary log is shipped this often
              #    full_dump_every: 1d                 # runs in between record the log position, no dump
              #    max_lag: 10m
              #  @keys source mysql

              # PostgreSQL, dumped with pg_dump as plain SQL.
              #- name: shopdb
              #  type: postgres
              #  database: shop                        # required
              #  host: 127.0.0.1
              #  port: 5432
              #  user: postgres
              #  passfile: /etc/backstop/pgpass        # a .pgpass file, mode 0600
              #  password_env: SHOPDB_PASSWORD         # the NAME of an environment variable
              #  dump_command: pg_dump                 # default: pg_dump
              #  timeout: 6h
              #  @keys source postgres

              # A SQLite database, copied online (safe while the application writes to it).
              #- name: appstate
              #  type: sqlite
              #  path: /var/lib/app/state.db           # required
              #  @keys source sqlite

              # The standard output of a command, run without a shell; a non-zero exit fails it.
              #- name: packages
              #  type: command
              #  command: [dpkg-query, -W]             # required: program and arguments
              #  timeout: 1h
              #  @keys source command
              @kinds source

            # Where backups are stored. Every target has a unique name and a type: local (a
            # directory on this machine or a mounted disk), sftp (an SSH server such as a NAS) or s3.
            targets:
              - name: local
                type: local
                # The directory that holds the backups (required).
                path: /var/backups/backstop
                # What to keep; without any rule nothing is ever removed. The newest verified
                # backup is never removed. Counts are whole numbers of at least 1.
                retention:
                  keep_last: 20
                  #keep_hourly: 24
                  #keep_daily: 14
                  #keep_weekly: 8
                  #keep_monthly: 12
                  #keep_yearly: 3
                  #keep_within: 2d          # keep everything younger than this
                  #time_zone: UTC           # for day/week/month boundaries; default: the system's
                  #@keys retention
                #@keys target local
              # An SSH server such as a NAS. Only host keys pinned in known_hosts are trusted;
              # 'backstop hostkey --target nas' prints the line to add after checking it.
              #- name: nas
              #  type: sftp
              #  host: nas.example.lan
              #  port: 22
              #  user: FSAdmin
              #  identity: /etc/backstop/id_ed25519     # private key, mode 0600
              #  #passphrase_env: NAS_KEY_PASSPHRASE  # for an encrypted key: a variable holding
              #  #passphrase_file: /etc/backstop/nas.pass  # its passphrase, or a 0600 file
              #  known_hosts: /etc/backstop/known_hosts
              #  path: "/homes/FSAdmin/Backup/Server AskProAI"   # as the SFTP server shows it
              #  verify: auto                          # read-back, remote-hash, or auto
              #  shell_path_prefix: /volume1           # Synology: the shell sees /volume1/homes/..
              #  #connect_timeout: 30s
              #  #io_timeout: 2m
              #  #keepalive: 30s
              #  #retries: 5
              #  #retry_delay: 2s
              #  #retry_budget: 10m
              #  #encrypt: true                        # default when encryption: is set below; false: a clear copy
              #  retention: { keep_daily: 14, keep_weekly: 8, keep_monthly: 12 }
              #  @keys target sftp
              # S3-compatible object storage: MinIO, Ceph RGW, AWS S3 (docs/s3.md).
              #- name: objects
              #  type: s3
              #  endpoint: https://minio.example.lan:9000  # AWS: leave out and set region
              #  region: us-east-1
              #  bucket: backups                       # required; create it first
              #  prefix: servers                       # objects go to <prefix>/<host>/...
              #  path_style: true                      # default: true with an endpoint, false for AWS
              #  access_key_env: S3_ACCESS_KEY         # the NAMES of environment variables, or:
              #  secret_key_env: S3_SECRET_KEY
              #  #credentials_file: /etc/backstop/s3.credentials  # AWS-style file, mode 0600
              #  #storage_class: STANDARD_IA          # GLACIER and DEEP_ARCHIVE are refused
              #  #server_side_encryption: AES256      # or aws:kms with kms_key_id
              #  #kms_key_id: alias/backups
              #  #connect_timeout: 30s
              #  #io_timeout: 2m
              #  #retries: 5
              #  #retry_delay: 2s
              #  #retry_budget: 10m
              #  retention: { keep_daily: 14, keep_weekly: 8, keep_monthly: 12 }
              #  @keys target s3
              @kinds target

            # A component that shrinks or grows more than this against the median of recent good
            # runs is reported, and the run exits 7 so that a human looks at it.
            #anomaly:
            #  window: 7                    # how many recent good runs form the baseline
            #  max_shrink: 20%
            #  max_growth: 100%

            # Encryption at rest in the age format: every component is compressed, then encrypted
            # to each recipient (name.gz.age); 'age -d -i key.txt' alone decrypts it. sha256sum -c
            # and 'backstop verify' need no key; restore and restore-test need identity_file.
            # Keep copies of the identity off this server too (and on paper): without it no
            # backup can be read. 'backstop init --age-identity FILE' makes a new key pair.
            #encryption:
            #  recipients:
            #    - age1...                  # public keys: 'age-keygen -y key.txt' prints one
            #  identity_file: /etc/backstop/age-key.txt   # secret key, mode 0600, owner only

            # Who hears about runs. Events: success, failure, anomaly, recovery (the first success
            # after a failure); each notifier picks its own with on:. A notifier that fails is logged
            # and recorded in history; it never changes the outcome of the run. Default: nobody.
            #notify:
            #  - type: email
            #    smtp:
            #      host: smtp.example.com
            #      port: 587                  # default: 587 with starttls, 465 with tls, else 25
            #      starttls: true             # STARTTLS, required (port 587)
            #      tls: false                 # or true: TLS from the first byte, SMTPS (port 465)
            #      user: backup@example.com
            #      password_env: SMTP_PASSWORD  # the NAME of an environment variable, or:
            #      password_file: /etc/backstop/smtp-password   # mode 0600
            #      tls_trust_file: /etc/backstop/smtp-ca.pem    # trust only these certificates (PEM);
            #                                   # default: the JVM's trust store. The name is checked always.
            #    from: backstop@web-1.example.com   # default: backstop@<host>
            #    to: [ops@example.com]
            #    on: [failure, anomaly, recovery]   # the default for email
            #    timeout: 10s
            #    @keys notify email
            #  - type: webhook                # JSON POST of the run's result; default on: every event
            #    url: https://hooks.example.com/backstop
            #    pings:                       # healthchecks-style: start, then success or fail, every run
            #      start: https://hc-ping.com/<uuid>/start
            #      success: https://hc-ping.com/<uuid>
            #      fail: https://hc-ping.com/<uuid>/fail
            #    on: [success, failure, anomaly, recovery]   # the default for webhook
            #    timeout: 10s
            #    @keys notify webhook
            #@keys top
            """;
}
