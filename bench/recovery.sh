#!/usr/bin/env bash
# Recovery benchmark: how fast backstop brings data back and how much it can lose, on the shared
# dataset, against what an administrator would do with standard tools. Four measurements, each a
# goal of an issue:
#   rto     restore-test of the MariaDB dump on the disposable server against zcat | mariadb into
#           the machine's own server (goal ≤ 1.2x)
#   pitr    restore --at after one day of writes in the archived binary logs, against the dump
#           load plus mariadb-binlog replay by hand (docs/disaster-recovery.md, 2.6)
#   rpo     with archive-logs running, single-row COMMITs: seconds until a segment holding each is
#           committed on the SFTP target (goal p99 ≤ 2 x segment_max_age + 10 s)
#   chain   restore of a full plus INCREMENTS incrementals of the files against a full of the same
#           tree (goal ≤ 1.3x), and the stored bytes of each set
# The database lives on a MariaDB with binary logs that this script starts on its own socket, port
# and datadir under BENCH_WORK (the machine's server has none), and stops at the end. Writes
# bench/RECOVERY.md (RECOVERY-scaleN.md for another scale).
#
#   bench/recovery.sh GENERATOR_DIR   # or BENCH_GENERATOR=...; the dir holding make-dataset.sh
#   PARTS="rto rpo" RPO_AGES=10s bench/recovery.sh GENERATOR_DIR
#
# Environment: SCALE (1), SEED (20260101), BENCH_WORK (/var/tmp/backstop-recovery), BENCH_DB
#              (backstop_recovery), BENCH_PORT (3417, the bench server's loopback port),
#              PARTS (subset of "rto pitr rpo chain", in that order), RPO_AGES (segment_max_age
#              settings, "1m 10s"), RPO_COMMITS (60 per setting), INCREMENTS (3), DAYS (1: days of
#              writes before the point-in-time restore), RTO_REPEATS (3 rounds of the restore test and
#              its baseline, medians reported), CHAIN_REPEATS (3 alternating rounds of the chain's and
#              the full's restore), BENCH_RESULTS (the report's file, for a run of some PARTS).
# Needs root (test sshd, the server runs as mysql), mariadb-server binaries, a MariaDB server
# reachable as root over its socket (the baselines load there), a JDK and Maven.
set -euo pipefail
shopt -s inherit_errexit
{ # the whole script is read before it runs, so editing it during a long run cannot derail it

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GEN=${1:-${BENCH_GENERATOR:-}}
[ -n "$GEN" ] && [ -x "$GEN/make-dataset.sh" ] || {
  echo "usage: bench/recovery.sh GENERATOR_DIR (the directory with make-dataset.sh; or set BENCH_GENERATOR)" >&2
  exit 2
}
GEN=$(cd "$GEN" && pwd)
export SCALE=${SCALE:-1} SEED=${SEED:-20260101}
WORK=${BENCH_WORK:-/var/tmp/backstop-recovery}
export DB=${BENCH_DB:-backstop_recovery} DATA=$WORK/data ETC=$WORK/etc
PORT=${BENCH_PORT:-3417}
PARTS=${PARTS:-rto pitr rpo chain}
RPO_AGES=${RPO_AGES:-1m 10s}
RPO_COMMITS=${RPO_COMMITS:-60}
INCREMENTS=${INCREMENTS:-3}
DAYS=${DAYS:-1}
RTO_REPEATS=${RTO_REPEATS:-3}
CHAIN_REPEATS=${CHAIN_REPEATS:-3}
if [ "$SCALE" = 1 ]; then RESULTS=$repo/bench/RECOVERY.md; else RESULTS=$repo/bench/RECOVERY-scale$SCALE.md; fi
RESULTS=${BENCH_RESULTS:-$RESULTS}
log() { printf 'recovery: %s\n' "$*" >&2; }
part() { case " $PARTS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

jar=${BACKSTOP_JAR:-$repo/target/backstop.jar}
if [ ! -f "$jar" ]; then
  log "building $jar"
  (cd "$repo" && mvn -q -B -DskipTests package)
fi
export BACKSTOP_JAR=$jar
backstop() { "$repo/backstop" "$@"; }

timed_log() { # log file, command...: runs it with its output into the file, prints its wall seconds
  local f=$1 t0 t1; shift
  t0=$(date +%s.%N)
  "$@" > "$f" 2>&1 || { tail -30 "$f" >&2; return 1; }
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
ratio() { echo "scale=2; $1 / $2" | bc -l | sed 's/^\./0./'; }
verdict() { [ "$(echo "$1 <= $2" | bc -l)" = 1 ] && echo "met" || echo "NOT met"; }
secs() { printf '%.1f' "$1"; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
runs() { for t in $1; do printf '%.1f ' "$t"; done; }

# --- the bench's MariaDB with binary logs --------------------------------------------------------
# like the tests' BinlogServer: its own datadir, socket and loopback port; kept between runs with
# the dataset in it, started here and stopped at the end
mkdir -p "$WORK"
chmod 755 "$WORK"
srv=$WORK/mariadb
sock=$srv/mysqld.sock
install -d -o mysql -g mysql "$srv"
if [ -f "$srv/mysqld.pid" ] && kill -0 "$(cat "$srv/mysqld.pid")" 2>/dev/null; then
  log "stopping the bench server a killed run left"
  kill "$(cat "$srv/mysqld.pid")"
  for _ in $(seq 60); do kill -0 "$(cat "$srv/mysqld.pid" 2>/dev/null)" 2>/dev/null || break; sleep 1; done
fi
if [ ! -d "$srv/data/mysql" ]; then
  mariadb-install-db --no-defaults --user=mysql --datadir="$srv/data" --auth-root-authentication-method=socket \
    --skip-test-db >"$srv/install.log" 2>&1 || { cat "$srv/install.log" >&2; exit 1; }
fi
# the buffer pool of the disposable restore-test server (restore_test.memory's default)
/usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$srv/data" --socket="$sock" --port="$PORT" \
  --bind-address=127.0.0.1 --log-bin="$srv/data/bin" --server-id=1 --binlog-format=ROW \
  --innodb-buffer-pool-size=256M --skip-name-resolve --pid-file="$srv/mysqld.pid" --log-error="$srv/error.log" \
  >"$srv/stdout.log" 2>&1 &
server_pid=$!
archiver_pid=""
poller_pid=""
reported=0
step="the start"
cleanup() {
  local rc=$?
  [ "$reported" = 1 ] || report "The run stopped (exit $rc) during: $step; what it measured before is above."
  for p in $poller_pid $archiver_pid; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
}
trap cleanup EXIT
# every client of the bench server reads this file only (the machine's my.cnf names its own socket)
cat > "$WORK/root.cnf" <<EOF
[client]
user=root
socket=$sock
EOF
chmod 600 "$WORK/root.cnf"
bdb() { mariadb --defaults-file="$WORK/root.cnf" "$@"; }
for _ in $(seq 60); do bdb -e 'SELECT 1' >/dev/null 2>&1 && break; sleep 1; done
bdb -e 'SELECT 1' >/dev/null || { log "the bench server did not start; see $srv/error.log"; exit 1; }
bdb -e "CREATE USER IF NOT EXISTS repl@'127.0.0.1' IDENTIFIED BY 'bench-repl';
        GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO repl@'127.0.0.1';"
printf '[client]\nuser=repl\npassword=bench-repl\nhost=127.0.0.1\nport=%s\n' "$PORT" > "$WORK/repl.cnf"
chmod 600 "$WORK/repl.cnf"

# --- dataset, in the bench server ----------------------------------------------------------------
# make-dataset.sh calls mariadb and mysqldump by name: these wrappers point them at the bench server
mkdir -p "$WORK/bin"
for tool in mariadb mysqldump; do
  printf '#!/bin/sh\nexec %s --defaults-file=%s "$@"\n' "$(command -v "$tool")" "$WORK/root.cnf" > "$WORK/bin/$tool"
  chmod 755 "$WORK/bin/$tool"
done
dataset() { PATH=$WORK/bin:$PATH "$GEN/make-dataset.sh" "$@"; }
step="the dataset"
stamp="SCALE=$SCALE SEED=$SEED DB=$DB"
if [ "$(cat "$WORK/.dataset" 2>/dev/null)" != "$stamp" ] || ! bdb -e "USE \`$DB\`" 2>/dev/null; then
  log "building the dataset ($stamp) with $GEN/make-dataset.sh"
  rm -rf "$DATA" "$ETC"
  dataset base >&2
  echo "$stamp" > "$WORK/.dataset"
fi
# the archive starts at the server's oldest binary log and the targets are new each run: drop the
# logs of the dataset's load and of earlier runs
bdb -e 'RESET MASTER'
files_bytes=$(du -sb --apparent-size "$DATA/app" | cut -f1)
files_count=$(find "$DATA/app" -type f | wc -l)
rows() { bdb -N -e "SELECT CONCAT_WS(' ', $(printf "(SELECT COUNT(*) FROM \`$1\`.%s)," users calls appointments audit_log | sed 's/,$//'))"; }
dataset_rows=$(rows "$DB")

# --- loopback sshd (as bench/run.sh) -------------------------------------------------------------
"$repo/scripts/test-sshd.sh"
sshd_dir=${BACKSTOP_TEST_SSHD_DIR:-/var/lib/backstop-test-sshd}
sshd_env() { grep "^$1=" "$sshd_dir/env" | cut -d= -f2-; }
for k in HOST PORT KNOWN_HOSTS KEYS USER USER_HOME; do
  printf -v "BACKSTOP_TEST_SSHD_$k" '%s' "$(sshd_env "BACKSTOP_TEST_SSHD_$k")"
done
key=$BACKSTOP_TEST_SSHD_KEYS/id_ed25519
remote=bench-recovery                                    # below the SFTP user's home
remote_local=$BACKSTOP_TEST_SSHD_USER_HOME/$remote       # the same directory, as this machine sees it
rm -rf "$remote_local"
install -d -o "$BACKSTOP_TEST_SSHD_USER" -g "$BACKSTOP_TEST_SSHD_USER" "$remote_local"

out=$WORK/out
rm -rf "$out"; mkdir -p "$out"

db_config() { # file, segment_max_age: the database source, its logs archived, local + SFTP
  cat > "$1" <<EOF
host: bench
state_dir: $out/db/state
compression: gzip
sources:
  - name: appdb
    type: mysql
    database: $DB
    socket: $sock
    user: root
    log_archive:
      defaults_file: $WORK/repl.cnf
      segment_max_age: $2
targets:
  - name: local
    type: local
    path: $out/db/local
  - name: nas
    type: sftp
    host: $BACKSTOP_TEST_SSHD_HOST
    port: $BACKSTOP_TEST_SSHD_PORT
    user: $BACKSTOP_TEST_SSHD_USER
    identity: $key
    known_hosts: $BACKSTOP_TEST_SSHD_KNOWN_HOSTS
    path: $remote/db
    verify: remote-hash
EOF
}
mkdir -p "$out/db"
db_config "$out/db/backstop.yml" 1m
nas_logs=$remote_local/db/bench/logs/appdb
local_logs=$out/db/local/bench/logs/appdb
newest_set() { find "$1" -mindepth 5 -maxdepth 5 -type d -name '*T*Z' | sort | tail -1; } # <path>/<host>/Y/M/D/<id>

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%MZ)
declare -A R # the figures, by name

# --- report (also at an early exit, with what was measured) --------------------------------------
report() { # optional closing line
  load_after=${load_after:-$(cut -d' ' -f1-3 /proc/loadavg)}
  {
  echo "# backstop recovery benchmark"
  echo
  echo "Produced by \`SCALE=$SCALE bench/recovery.sh GENERATOR_DIR\` on ${started:-?}$([ "$PARTS" = "rto pitr rpo chain" ] || echo " (PARTS=\"$PARTS\")")."
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GB RAM, shared with other work: load average ${load_before:-?} before, $load_after after."
  echo "Dataset: shared generator at SCALE=$SCALE SEED=$SEED: ${files_count:-?} files, $(( ${files_bytes:-0} / 1000000)) MB; database rows"
  echo "(users calls appointments audit_log) ${dataset_rows:-?}, in a MariaDB $(bdb -N -e 'SELECT VERSION()') that this script starts with"
  echo "binary logs on (ROW), a 256 MB buffer pool, its own socket and port. One run of each measurement, caches warm."
  echo
  echo "| measurement | backstop | standard tools | ratio | goal | verdict |"
  echo "|---|---|---|---|---|---|"
  if [ -n "${R[rto_ratio]:-}" ]; then
    echo "| restore-test of the dump (issue 16), median of $RTO_REPEATS | $(secs "${R[rt_s]}") s | $(secs "${R[zcat_s]}") s | ${R[rto_ratio]} | ≤ 1.2 | $(verdict "${R[rto_ratio]}" 1.2) |"
  fi
  if [ -n "${R[pitr_ratio]:-}" ]; then
    echo "| restore --at after $DAYS day(s) of writes (issue 21) | $(secs "${R[at_s]}") s | $(secs "${R[hand_s]}") s load + replay | ${R[pitr_ratio]} | none set | - |"
    echo "| the same, by hand with the copy into a new name (runbook step 4) | $(secs "${R[at_s]}") s | $(secs "$(echo "${R[hand_s]} + ${R[copy_s]}" | bc -l)") s | ${R[pitr_copy_ratio]} | none set | - |"
  fi
  if [ -n "${R[chain_ratio]:-}" ]; then
    echo "| restore of a full + $INCREMENTS increments against a full (issue 19) | $(secs "${R[chain_restore_s]}") s | $(secs "${R[full_restore_s]}") s (backstop, a full) | ${R[chain_ratio]} | ≤ 1.3 | $(verdict "${R[chain_ratio]}" 1.3) |"
  fi
  for age in $RPO_AGES; do
    [ -n "${R[rpo_${age}_p99]:-}" ] || continue
    echo "| RPO p99, segment_max_age $age (issue 20) | ${R[rpo_${age}_p99]} s | - | - | ≤ ${R[rpo_${age}_goal]} s | $(verdict "${R[rpo_${age}_p99]}" "${R[rpo_${age}_goal]}") |"
  done
  if [ -n "${R[rto_ratio]:-}" ]; then
    echo
    echo "## Restore test of the dump (issue 16)"
    echo
    echo "\`backstop run\` (gzip, local + SFTP) dumped the database in $(secs "${R[run_s]}") s: \`appdb.sql.gz\` of"
    echo "$((R[dump_bytes] / 1000000)) MB. \`backstop restore-test --target local\` took $(secs "${R[rt_s]}") s wall, median of $RTO_REPEATS"
    echo "rounds ($(runs "${R[rt_runs]}")s): start of the JVM, the"
    echo "disposable server's datadir and start, the load, the row counts against the manifest, stop and removal."
    echo "The restore time it records (status perfdata \`restore_time\`, the RTO in history) is ${R[rt_recorded]:-not shown} s (median; $(runs "${R[rt_recorded_runs]:-}")s)."
    echo "Baseline: the same \`appdb.sql.gz\` by \`zcat | mariadb\` into a new database of the machine's own"
    echo "MariaDB ($(mariadb -N -e 'SELECT @@innodb_buffer_pool_size DIV 1048576') MB buffer pool, no binary log; it also serves the"
    echo "other work on this machine), in the same rounds: $(secs "${R[zcat_s]}") s median ($(runs "${R[zcat_runs]}")s)."
    [ -n "${R[rt_line]:-}" ] && { echo; echo "    ${R[rt_line]}"; }
  fi
  if [ -n "${R[pitr_ratio]:-}" ]; then
    echo
    echo "## Point-in-time restore after one day of writes (issue 21)"
    echo
    echo "A day of writes is three times what \`make-dataset.sh mutate\` writes for 8 hours (about 1% of each table's"
    echo "rows added, users and appointments updated), written as the application would, one small transaction"
    echo "per event in random order, after the dump and while \`backstop archive-logs\` (segment_max_age 1m) ran:"
    echo "${R[day_info]}; written in $(secs "${R[day_write_s]}") s, so the events' timestamps span that time, not a day."
    echo "Binary log after them: ${R[day_binlog]} bytes. Once the SFTP target held all of it, TIME = now + 1 s and:"
    echo
    echo "- \`backstop restore --at TIME --target local --database appdb=appdb_at\`: $(secs "${R[at_s]}") s (download and check"
    echo "  of the segments, disposable server, dump load, replay, copy into appdb_at on the bench server); row counts"
    echo "  equal to the source's: ${R[at_rows_ok]}."
    echo "- by hand, the commands of docs/disaster-recovery.md 2.6 from the same local target (\`sha256sum -c\` and"
    echo "  \`zcat\` of the segments, \`zcat | mariadb\` of the dump into the machine's own server under the original"
    echo "  name, \`mariadb-binlog --database --start-position --stop-datetime | mariadb\`): $(secs "${R[hand_s]}") s; row counts"
    echo "  equal: ${R[hand_rows_ok]}. Then step 4, the copy into a new name on the source's server as restore --at"
    echo "  does (\`mariadb-dump | mariadb appdb_hand\` into the bench server): $(secs "${R[copy_s]}") s more."
  fi
  if part rpo; then
    echo
    echo "## RPO of the binary-log archive (issue 20)"
    echo
    echo "\`backstop archive-logs\` running against local + SFTP targets (the loopback sshd); single-row COMMITs"
    echo "(\`INSERT ... VALUES (NOW(6))\`, autocommit) one every N s; after each, \`SHOW MASTER STATUS\` gives the byte the"
    echo "segment must reach. A poller lists the SFTP target's directory every 0.2 s and notes when each"
    echo "\`<start>-<end>.gz.sha256\` (written last: the segment is committed and verified) first appears. RPO of a"
    echo "commit = the first such segment of its binlog file ending at or past its byte (or any segment of a later"
    echo "file), minus the commit's own NOW(6). Nearest-rank percentiles."
    echo
    echo "| segment_max_age | commits (every s) | p50 s | p99 s | max s | not seen | goal p99 | verdict |"
    echo "|---|---|---|---|---|---|---|---|"
    for age in $RPO_AGES; do
      if [ -n "${R[rpo_${age}_p99]:-}" ]; then
        echo "| $age | ${R[rpo_${age}_n]} (${R[rpo_${age}_spacing]}) | ${R[rpo_${age}_p50]} | ${R[rpo_${age}_p99]} | ${R[rpo_${age}_max]} | ${R[rpo_${age}_missing]} | ≤ ${R[rpo_${age}_goal]} s | $(verdict "${R[rpo_${age}_p99]}" "${R[rpo_${age}_goal]}") |"
      else
        echo "| $age | not measured | | | | | | |"
      fi
    done
  fi
  if [ -n "${R[chain_ratio]:-}" ]; then
    echo
    echo "## Restore of an incremental chain (issue 19)"
    echo
    echo "A \`files\` source with \`incremental: { full_every: 7d, max_chain: 21 }\` (zstd, local target): a full, then"
    echo "$INCREMENTS times \`make-dataset.sh mutate\` (8 hours of the application's life: about 1% of the files changed,"
    echo "added or deleted) and a run; then \`run --full\` of the same tree. \`backstop restore --backup ID --to DIR\` of"
    echo "the chain's newest set took $(secs "${R[chain_restore_s]}") s, of the full $(secs "${R[full_restore_s]}") s (both with"
    echo "\`--strip-source-path\`); both restored trees equal the source (listing of types, modes, sizes, mtimes,"
    echo "names, link targets): ${R[chain_same]}. Medians of $CHAIN_REPEATS alternating rounds: the chain ${R[chain_restore_runs]}s,"
    echo "the full ${R[full_restore_runs]}s. GNU tar alone (\`zstd -dc | tar -x -g /dev/null\`, oldest first, no checksums) took"
    echo "$(secs "${R[tar_chain_s]}") s for the chain and $(secs "${R[tar_full_s]}") s for the full: $(ratio "${R[tar_chain_s]}" "${R[tar_full_s]}")x, what"
    echo "the format itself costs (every increment stores each changed file whole, a growing log each time, and each directory"
    echo "that changed or gets a changed file, with its whole listing)."
    echo
    echo "| set | id | stored MB | of the full | run s |"
    echo "|---|---|---|---|---|"
    full_bytes=""
    IFS=';' read -ra sets <<< "${R[chain_sets]}"
    for s in "${sets[@]}"; do
      read -r label id bytes t <<< "$s"
      [ -n "$full_bytes" ] || full_bytes=$bytes
      printf '| %s | %s | %.1f | %s%% | %.1f |\n' "$label" "$id" "$(echo "$bytes / 1000000" | bc -l)" \
        "$(echo "scale=1; 100 * $bytes / $full_bytes" | bc -l | sed 's/^\./0./')" "$t"
    done
  fi
  missing=""
  for p in rto pitr rpo chain; do part "$p" || missing+=" $p"; done
  if [ -n "$missing" ]; then echo; echo "Not measured in this run:$missing."; fi
  if [ -n "${1:-}" ]; then echo; echo "$1"; fi
  } > "$RESULTS.new"
  mv "$RESULTS.new" "$RESULTS"
  reported=1
  cat "$RESULTS"
}

# covered FILE POS: exit 0 when the SFTP target holds a committed segment reaching byte POS of FILE
covered() {
  ls "$nas_logs" 2>/dev/null | awk -v f="$1" '$0 > f {found=1} END {exit !found}' && return 0
  ls "$nas_logs/$1" 2>/dev/null | sed -n 's/^[0-9]*-0*\([0-9][0-9]*\)\.gz\.sha256$/\1/p' | awk -v p="$2" '$1 >= p {found=1} END {exit !found}'
}
master() { bdb -N -e 'SHOW MASTER STATUS' | cut -f1,2 --output-delimiter=' '; }
wait_covered() { # seconds: until everything the server has written is on the SFTP target
  local f p; read -r f p < <(master)
  for _ in $(seq "$1"); do covered "$f" "$p" && return 0; sleep 1; done
  return 1
}
start_archiver() { # config
  "$repo/backstop" archive-logs -c "$1" >> "$out/archive-logs.log" 2>&1 & # not the function: $! is then the JVM
  archiver_pid=$!
}
stop_archiver() {
  [ -n "$archiver_pid" ] || return 0
  kill "$archiver_pid" 2>/dev/null || true
  wait "$archiver_pid" 2>/dev/null || true
  archiver_pid=""
}

need_dump() { # the backup with the dump that restore-test and restore --at start from
  [ -n "${R[dump_set]:-}" ] && return 0
  step="the backup with the dump"
  R[run_s]=$(timed_log "$out/run-db.log" backstop run -c "$out/db/backstop.yml")
  R[dump_set]=$(newest_set "$out/db/local")
  R[dump_bytes]=$(stat -c %s "${R[dump_set]}/appdb.sql.gz")
  log "backup with the dump: $(secs "${R[run_s]}") s, ${R[dump_set]##*/}, appdb.sql.gz $((R[dump_bytes] / 1000000)) MB"
}

# --- 1. RTO of restore-test against zcat | mariadb (issue 16) -----------------------------------
if part rto; then
  need_dump
  step="rto"
  # RTO_REPEATS rounds, restore-test and the baseline in turn, so that both see the same load
  for i in $(seq "$RTO_REPEATS"); do
    rt=$(timed_log "$out/restore-test.log" backstop restore-test --target local -c "$out/db/backstop.yml")
    R[rt_runs]+="$rt "
    R[rt_line]=$(grep -m1 '^restore-test ' "$out/restore-test.log" | cut -c1-300 || true)
    R[rt_recorded_runs]+="$(backstop status -c "$out/db/backstop.yml" 2>/dev/null | grep -o "'restore_time'=[0-9.]*s" | sed "s/.*=//; s/s$//" || true) "
    # the baseline: the same dump file into a fresh database of the machine's own server
    mariadb -e "DROP DATABASE IF EXISTS \`${DB}_rt\`; CREATE DATABASE \`${DB}_rt\` CHARACTER SET utf8mb4"
    t=$(timed_log "$out/zcat.log" sh -c "zcat '${R[dump_set]}/appdb.sql.gz' | mariadb '${DB}_rt'")
    R[zcat_runs]+="$t "
    mariadb -e "DROP DATABASE \`${DB}_rt\`"
    log "round $i: restore-test $(secs "$rt") s, zcat | mariadb $(secs "$t") s"
  done
  R[rt_s]=$(echo "${R[rt_runs]}" | median)
  R[rt_recorded]=$(echo "${R[rt_recorded_runs]}" | median)
  R[zcat_s]=$(echo "${R[zcat_runs]}" | median)
  R[rto_ratio]=$(ratio "${R[rt_s]}" "${R[zcat_s]}")
  log "restore-test median $(secs "${R[rt_s]}") s (recorded RTO ${R[rt_recorded]:-?} s), zcat | mariadb $(secs "${R[zcat_s]}") s: ${R[rto_ratio]}x"
fi

# --- 2. point-in-time restore after a day of writes (issue 21) -----------------------------------
# one day = three times the dataset's own 8-hour mutation (make-dataset.sh mutate: ~1% of the rows
# of each table added, users and appointments updated), written as the application would: one
# small transaction per business event, in random order
day_sql() { # the SQL of DAYS days of writes, after the ids now in the database
  python3 - "$GEN" "$SCALE" "$SEED" "$DAYS" "$(bdb -N -e "SELECT CONCAT_WS(' ', $(printf "(SELECT MAX(id) FROM \`$DB\`.%s)," users calls appointments audit_log | sed 's/,$//'))")" <<'PY'
import random, sys, time
sys.path.insert(0, sys.argv[1])
import gen_dataset as g
scale, seed, days = float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
# new rows take ids from 10^9 on, clear of those make-dataset.sh mutate inserts later; they refer to
# the dataset's own users, calls and appointments
top = {k: max(int(v), 10 ** 9) for k, v in zip(("users", "calls", "appointments", "audit_log"), sys.argv[5].split())}
c = g.counts(scale)
per8h = dict(users=max(2, c["users"] // 500), calls=max(20, c["calls"] // 100),
             appointments=max(6, c["appointments"] // 100), audit_log=max(200, c["audit_log"] // 100),
             user_updates=max(5, c["users"] // 200), appt_updates=max(10, c["appointments"] // 50))
n = {k: v * 3 * days for k, v in per8h.items()}
r = random.Random(seed * 41 + top["calls"])
now = int(time.time())
def ins(table, cols, row):
    return "INSERT INTO `%s` (%s) VALUES (%s);" % (table, ",".join("`%s`" % x for x in cols), ",".join(g.sqlv(v) for v in row))
nusers, ncalls = c["users"], c["calls"]
tx = []
for j in range(n["users"]):
    tx.append([ins("users", g.USER_COLS, g.user_row(r, top["users"] + 1 + j, now))])
audit = iter(range(top["audit_log"] + 1, top["audit_log"] + 1 + n["audit_log"]))
per_call = n["audit_log"] // n["calls"]
for j in range(n["calls"]):  # a call and its audit trail
    t = [ins("calls", g.CALL_COLS, g.call_row(r, top["calls"] + 1 + j, nusers, now))]
    for _ in range(per_call + (1 if j < n["audit_log"] % n["calls"] else 0)):
        t.append(ins("audit_log", g.AUDIT_COLS, g.audit_row(r, next(audit), nusers, now)))
    tx.append(t)
per_appt = n["appt_updates"] // n["appointments"]
for j in range(n["appointments"]):  # a booking, and the status of earlier ones
    t = [ins("appointments", g.APPT_COLS, g.appt_row(r, top["appointments"] + 1 + j, nusers, ncalls, now))]
    for _ in range(per_appt):
        t.append("UPDATE `appointments` SET `status`='%s', `updated_at`=NOW() WHERE `id`=%d;"
                 % (r.choice(g.APPT_STATUS), r.randint(1, c["appointments"])))
    tx.append(t)
for _ in range(n["user_updates"]):
    tx.append(["UPDATE `users` SET `updated_at`=NOW() WHERE `id`=%d;" % r.randint(1, c["users"])])
r.shuffle(tx)
out = sys.stdout
out.write("SET time_zone='+00:00';\n")
for t in tx:
    out.write("BEGIN;\n" + "\n".join(t) + "\nCOMMIT;\n")
sys.stderr.write("%d transactions: %s\n" % (len(tx), ", ".join("%s %d" % kv for kv in n.items())))
PY
}

if part pitr || part rpo; then
  need_dump
  start_archiver "$out/db/backstop.yml"
fi
if part pitr; then
  step="pitr"
  echo "written" > "$WORK/.dataset" # from here on this is not generation 0: the next run rebuilds it
  day_sql > "$out/day.sql" 2> "$out/day.info"
  R[day_info]=$(cat "$out/day.info")
  write_day() { bdb "$DB" < "$out/day.sql"; }
  R[day_write_s]=$(timed_log "$out/day.log" write_day)
  read -r day_file day_pos < <(master)
  R[day_binlog]=$day_pos
  log "one day of writes (${R[day_info]}) in $(secs "${R[day_write_s]}") s; binary log now $day_file:$day_pos"
  wait_covered 600 || { log "the archive did not catch up within 600 s"; exit 1; }
  expected=$(rows "$DB")
  sleep 1; at=$(date -u '+%Y-%m-%d %H:%M:%S'); sleep 1 # every write is before the moment
  bdb -e 'DROP DATABASE IF EXISTS appdb_at'
  R[at_s]=$(timed_log "$out/restore-at.log" backstop restore --at "${at/ /T}Z" --target local --database appdb=appdb_at \
    -c "$out/db/backstop.yml")
  R[at_rows_ok]=$([ "$(rows appdb_at)" = "$expected" ] && echo yes || echo "NO: $(rows appdb_at) against $expected")
  bdb -e 'DROP DATABASE appdb_at'
  # by hand, docs/disaster-recovery.md 2.6: segments checked and joined, the dump loaded under its
  # own name on a server that holds nothing else of it (the machine's own), the logs replayed
  hand() {
    local set=${R[dump_set]} restore=$out/pitr-hand anchor file pos dir
    rm -rf "$restore"; mkdir -p "$restore/binlogs"
    anchor=$(zcat "$set/appdb.sql.gz" | head -60 | grep -o "MASTER_LOG_FILE='[^']*', MASTER_LOG_POS=[0-9]*")
    file=$(echo "$anchor" | sed "s/MASTER_LOG_FILE='\([^']*\)'.*/\1/")
    pos=$(echo "$anchor" | sed 's/.*MASTER_LOG_POS=//')
    for dir in "$local_logs"/*/; do
      (cd "$dir" && sha256sum -c --quiet ./*.sha256)
      (cd "$dir" && cat $(ls | grep '\.gz$' | sort)) | zcat > "$restore/binlogs/$(basename "$dir")"
    done
    mariadb -e "CREATE DATABASE \`$DB\` CHARACTER SET utf8mb4"
    zcat "$set/appdb.sql.gz" | mariadb "$DB"
    (cd "$restore/binlogs" && TZ=UTC mariadb-binlog --database="$DB" --start-position="$pos" \
      --stop-datetime="$(date -u -d "$at UTC + 1 second" '+%Y-%m-%d %H:%M:%S')" \
      $(ls | awk -v f="$file" '$0 >= f') | mariadb)
  }
  # step 4 of the runbook, as restore --at does: the result into a new name on the source's server
  copy() {
    bdb -e 'CREATE DATABASE appdb_hand CHARACTER SET utf8mb4'
    mariadb-dump --single-transaction --quick "$DB" | bdb appdb_hand
  }
  mariadb -e "DROP DATABASE IF EXISTS \`$DB\`"; bdb -e 'DROP DATABASE IF EXISTS appdb_hand'
  R[hand_s]=$(timed_log "$out/pitr-hand.log" hand)
  R[copy_s]=$(timed_log "$out/pitr-copy.log" copy)
  bdb -e 'DROP DATABASE appdb_hand'
  R[hand_rows_ok]=$([ "$(mariadb -N -e "SELECT CONCAT_WS(' ', $(printf "(SELECT COUNT(*) FROM \`$DB\`.%s)," users calls appointments audit_log | sed 's/,$//'))")" = "$expected" ] && echo yes || echo NO)
  mariadb -e "DROP DATABASE \`$DB\`"
  rm -rf "$out/pitr-hand"
  R[pitr_ratio]=$(ratio "${R[at_s]}" "${R[hand_s]}")
  R[pitr_copy_ratio]=$(ratio "${R[at_s]}" "$(echo "${R[hand_s]} + ${R[copy_s]}" | bc -l)")
  log "restore --at $(secs "${R[at_s]}") s (rows equal: ${R[at_rows_ok]}), by hand $(secs "${R[hand_s]}") s (rows equal: ${R[hand_rows_ok]}): ${R[pitr_ratio]}x"
fi

# --- 3. RPO of the log archive (issue 20) --------------------------------------------------------
poll_target() { # file: appends "epoch binlog segment" for each committed segment, when first seen
  declare -A seen
  local now f
  while :; do
    now=$(date +%s.%N)
    for f in "$nas_logs"/*/*.sha256; do
      [ -e "$f" ] && [ -z "${seen[$f]:-}" ] || continue
      seen[$f]=1
      echo "$now ${f%/*} ${f##*/}" | sed "s|$nas_logs/||"
    done >> "$1"
    sleep 0.2
  done
}
# a commit every age/20 (at least 1 s), so that RPO_COMMITS of them span several segments
rpo_setting() { # segment_max_age
  local age=$1 age_s spacing commits=$out/rpo-$1.commits seen=$out/rpo-$1.seen i line
  age_s=$(case $age in *m) echo $(( ${age%m} * 60 )) ;; *s) echo "${age%s}" ;; esac)
  spacing=$(( age_s / 20 > 1 ? age_s / 20 : 1 ))
  if [ "$age" != 1m ]; then
    stop_archiver
    db_config "$out/db/backstop-$age.yml" "$age"
    start_archiver "$out/db/backstop-$age.yml"
  fi
  wait_covered 300 || { log "the archive did not catch up within 300 s"; return 1; }
  : > "$seen"; : > "$commits"
  poll_target "$seen" & poller_pid=$!
  for i in $(seq "$RPO_COMMITS"); do
    # the row's own commit time, then where the binary log ends: the segment must reach that byte
    line=$(bdb -N -B "$DB" -e "INSERT INTO rpo_probe (at) VALUES (NOW(6));
      SELECT UNIX_TIMESTAMP(at) FROM rpo_probe WHERE id = LAST_INSERT_ID(); SHOW MASTER STATUS" | cut -f1,2 | tr '\n\t' '  ')
    echo "$line" >> "$commits"
    sleep "$spacing"
  done
  read -r _ f p < <(tail -1 "$commits")
  for _ in $(seq $((3 * age_s + 60))); do covered "$f" "$p" && break; sleep 1; done
  sleep 1
  kill "$poller_pid"; wait "$poller_pid" 2>/dev/null || true; poller_pid=""
  # per commit: the first segment seen whose file is later, or the same file ending at or past it
  awk 'NR == FNR { split($3, a, "[-.]"); t[NR] = $1; f[NR] = $2; e[NR] = a[2] + 0; n = NR; next }
       { best = ""; for (k = 1; k <= n; k++) if ((f[k] > $2 || (f[k] == $2 && e[k] >= $3 + 0)) && (best == "" || t[k] < best)) best = t[k];
         if (best == "") print "missing"; else printf "%.2f\n", best - $1 }' "$seen" "$commits" > "$out/rpo-$age.lat"
  R[rpo_${age}_missing]=$(grep -c missing "$out/rpo-$age.lat" || true)
  grep -v missing "$out/rpo-$age.lat" | sort -g > "$out/rpo-$age.sorted"
  local cnt; cnt=$(wc -l < "$out/rpo-$age.sorted")
  R[rpo_${age}_n]=$cnt
  R[rpo_${age}_p50]=$(sed -n "$(( (cnt * 50 + 99) / 100 ))p" "$out/rpo-$age.sorted")
  R[rpo_${age}_p99]=$(sed -n "$(( (cnt * 99 + 99) / 100 ))p" "$out/rpo-$age.sorted")
  R[rpo_${age}_max]=$(tail -1 "$out/rpo-$age.sorted")
  R[rpo_${age}_goal]=$(( 2 * age_s + 10 ))
  R[rpo_${age}_spacing]=$spacing
  log "RPO segment_max_age $age: ${cnt} commits, p50 ${R[rpo_${age}_p50]} s, p99 ${R[rpo_${age}_p99]} s, max ${R[rpo_${age}_max]} s (missing ${R[rpo_${age}_missing]})"
}
if part rpo; then
  step="rpo"
  echo "written" > "$WORK/.dataset"
  bdb "$DB" -e 'CREATE TABLE IF NOT EXISTS rpo_probe (id bigint unsigned AUTO_INCREMENT PRIMARY KEY, at datetime(6) NOT NULL)'
  for age in $RPO_AGES; do rpo_setting "$age"; done
fi
stop_archiver

# --- 4. restore of an incremental chain against a full (issue 19) -------------------------------
if part chain; then
  step="chain"
  mkdir -p "$out/files"
  cat > "$out/files/backstop.yml" <<EOF
host: bench
state_dir: $out/files/state
compression: zstd
sources:
  - name: app
    type: files
    paths: [$DATA/app]
    incremental: { full_every: 7d, max_chain: 21 }
targets:
  - name: local
    type: local
    path: $out/files/local
EOF
  files_run() { # label, extra run options
    local s
    s=$(timed_log "$out/files/run-$1.log" backstop run -c "$out/files/backstop.yml" "${@:2}")
    local set; set=$(newest_set "$out/files/local")
    R[chain_sets]+="$1 ${set##*/} $(du -sb "$set" | cut -f1) $s;"
    log "files $1: ${set##*/}, $(( $(du -sb "$set" | cut -f1) / 1000000 )) MB stored, $(secs "$s") s"
  }
  files_run full
  for i in $(seq "$INCREMENTS"); do
    echo "mutated" > "$WORK/.dataset" # from here on this is not generation 0: the next run rebuilds it
    dataset mutate >&2
    files_run "increment-$i"
  done
  chain_head=$(newest_set "$out/files/local"); chain_head=${chain_head##*/}
  files_run "full-of-same-tree" --full
  full_head=$(newest_set "$out/files/local"); full_head=${full_head##*/}
  # the two restores alternate, CHAIN_REPEATS rounds, medians reported: writing 600 MB swings by
  # seconds on a shared machine. Each round restores into new directories: deleting the trees of
  # the round before (GB of small files) slows the writes of the next by a factor of 3 to 5
  chain_times="" full_times=""
  for round in $(seq "$CHAIN_REPEATS"); do
    sync
    chain_times+="$(timed_log "$out/files/restore-chain.log" backstop restore --backup "$chain_head" \
      --to "$out/files/restore-chain-$round" --strip-source-path -c "$out/files/backstop.yml") "
    sync
    full_times+="$(timed_log "$out/files/restore-full.log" backstop restore --backup "$full_head" \
      --to "$out/files/restore-full-$round" --strip-source-path -c "$out/files/backstop.yml") "
    log "restore round $round: the chain, then the full, so far: $(runs "$chain_times")/ $(runs "$full_times")"
  done
  for r in chain full; do mv "$out/files/restore-$r-1" "$out/files/restore-$r"; done # compared below
  # the same chain and full applied by GNU tar alone, as the runbook does: what the format itself costs
  set_dirs() { find "$out/files/local" -mindepth 5 -maxdepth 5 -type d | sort; }
  tar_chain=(); while read -r d; do tar_chain+=("$d"); [ "${d##*/}" = "$chain_head" ] && break; done < <(set_dirs)
  tar_apply() { # destination, set directories oldest first
    local to=$1 d; shift; mkdir -p "$to"
    for d in "$@"; do zstd -dcq "$d/app.tar.zst" | tar -x -g /dev/null -C "$to" -f - || return 1; done
  }
  sync
  R[tar_chain_s]=$(timed_log "$out/files/tar-chain.log" tar_apply "$out/files/tar-chain" "${tar_chain[@]}")
  sync
  R[tar_full_s]=$(timed_log "$out/files/tar-full.log" tar_apply "$out/files/tar-full" "$(set_dirs | grep "/$full_head\$")")
  R[chain_restore_s]=$(echo "$chain_times" | median)
  R[full_restore_s]=$(echo "$full_times" | median)
  R[chain_restore_runs]=$(runs "$chain_times")
  R[full_restore_runs]=$(runs "$full_times")
  # a directory's own size depends on the entries it ever held, not on what it holds: left out
  listing() { (cd "$1" && find . -mindepth 1 \( -type d -printf '%y %m - %T@ %p\n' \) -o -printf '%y %m %s %T@ %p %l\n' | LC_ALL=C sort); }
  listing "$DATA/app" > "$out/files/source.list"
  R[chain_same]=yes
  for r in chain full; do
    listing "$out/files/restore-$r/app" > "$out/files/$r.list"
    cmp -s "$out/files/source.list" "$out/files/$r.list" && continue
    diff "$out/files/source.list" "$out/files/$r.list" > "$out/files/$r.diff" || true
    R[chain_same]="NO, the $r's restore differs from the source in $(grep -c '^[<>]' "$out/files/$r.diff" || true) listing lines, e.g. $(grep -m2 '^[<>]' "$out/files/$r.diff" | tr '\n' ' ' || true)"
  done
  R[chain_ratio]=$(ratio "${R[chain_restore_s]}" "${R[full_restore_s]}")
  log "restore of the chain $(secs "${R[chain_restore_s]}") s, of a full $(secs "${R[full_restore_s]}") s: ${R[chain_ratio]}x (trees equal: ${R[chain_same]}); GNU tar alone $(secs "${R[tar_chain_s]}") s and $(secs "${R[tar_full_s]}") s"
fi
step="the report"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
report
rm -rf "$out" "$remote_local"
exit 0
}

