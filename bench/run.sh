#!/usr/bin/env bash
# Side-by-side benchmark of backstop against what its users would otherwise run, on one machine in
# one run: backstop run (gzip and zstd; local, and local + SFTP to a loopback sshd), the old
# script's way, tar|pigz -p2, tar|zstd -T0 and restic (local and SFTP repository). Prints a table of
# medians with the ratios the project aims for, and writes it to bench/RESULTS.md.
#
#   bench/run.sh GENERATOR_DIR        # or BENCH_GENERATOR=...; the dir holding make-dataset.sh and old-way.sh
#
# Environment: SCALE (1), SEED (20260101), REPEATS (3), BENCH_WORK (/var/tmp/backstop-bench),
#              BENCH_DB (backstop_bench), JMH (1 = also run the JMH compress + hash benchmark),
#              METHODS (space-separated subset of the method names below; default all).
# Needs root (test sshd, apt-get), a MariaDB server reachable as root over its socket, a JDK and Maven.
set -euo pipefail
{ # the whole script is read before it runs, so editing it during a long run cannot derail it

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GEN=${1:-${BENCH_GENERATOR:-}}
[ -n "$GEN" ] && [ -x "$GEN/make-dataset.sh" ] && [ -x "$GEN/old-way.sh" ] || {
  echo "usage: bench/run.sh GENERATOR_DIR (the directory with make-dataset.sh and old-way.sh; or set BENCH_GENERATOR)" >&2
  exit 2
}
GEN=$(cd "$GEN" && pwd)
export SCALE=${SCALE:-1} SEED=${SEED:-20260101}
REPEATS=${REPEATS:-3}
WORK=${BENCH_WORK:-/var/tmp/backstop-bench}
export DB=${BENCH_DB:-backstop_bench} DATA=$WORK/data ETC=$WORK/etc
ALL_METHODS="old-way tar-pigz tar-zstd restic-local restic-sftp backstop-gzip-local backstop-zstd-local backstop-gzip-local+sftp backstop-zstd-local+sftp"
METHODS=${METHODS:-$ALL_METHODS}
JMH=${JMH:-1}
RESULTS=$repo/bench/RESULTS.md
log() { printf 'bench: %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------------
missing=()
for tool in pigz zstd restic; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -x /usr/bin/time ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
jar=${BACKSTOP_JAR:-$repo/target/backstop.jar}
if [ ! -f "$jar" ]; then
  log "building $jar"
  (cd "$repo" && mvn -q -B -DskipTests package)
fi
export BACKSTOP_JAR=$jar

# --- dataset -----------------------------------------------------------------------------------
mkdir -p "$WORK"
stamp="SCALE=$SCALE SEED=$SEED DB=$DB"
if [ "$(cat "$WORK/.dataset" 2>/dev/null)" != "$stamp" ]; then
  log "building the dataset ($stamp) with $GEN/make-dataset.sh"
  rm -rf "$DATA" "$ETC"
  "$GEN/make-dataset.sh" base
  echo "$stamp" > "$WORK/.dataset"
fi
files_bytes=$(du -sb --apparent-size "$DATA/app" | cut -f1)
files_count=$(find "$DATA/app" -type f | wc -l)
dump_bytes=$(mysqldump --protocol=socket --single-transaction --quick "$DB" | wc -c)

# --- loopback sshd -----------------------------------------------------------------------------
"$repo/scripts/test-sshd.sh"
sshd_dir=${BACKSTOP_TEST_SSHD_DIR:-/var/lib/backstop-test-sshd}
# KEY=VALUE lines, values unquoted (one holds a space): read them, do not source them
sshd_env() { grep "^$1=" "$sshd_dir/env" | cut -d= -f2-; }
for k in HOST PORT KNOWN_HOSTS KEYS USER USER_HOME; do
  printf -v "BACKSTOP_TEST_SSHD_$k" '%s' "$(sshd_env "BACKSTOP_TEST_SSHD_$k")"
done
ssh_user=$BACKSTOP_TEST_SSHD_USER
remote_home=$BACKSTOP_TEST_SSHD_USER_HOME
key=$BACKSTOP_TEST_SSHD_KEYS/id_ed25519
ssh_cfg=$WORK/ssh_config
cat > "$ssh_cfg" <<EOF
Host benchhost
  HostName $BACKSTOP_TEST_SSHD_HOST
  Port $BACKSTOP_TEST_SSHD_PORT
  User $ssh_user
  IdentityFile $key
  IdentitiesOnly yes
  UserKnownHostsFile $BACKSTOP_TEST_SSHD_KNOWN_HOSTS
  StrictHostKeyChecking yes
EOF
rssh() { ssh -F "$ssh_cfg" benchhost "$@"; }
rssh "mkdir -p bench"

# --- methods: setup (not timed) and run (timed) ------------------------------------------------
out=$WORK/out
export RESTIC_PASSWORD=backstop-bench
restic_sftp=(-o "sftp.command=ssh -F $ssh_cfg benchhost -s sftp")

backstop_config() { # compression, with_sftp
  local dir=$out/backstop
  cat > "$dir/backstop.yml" <<EOF
host: bench
state_dir: $dir/state
compression: $1
sources:
  - name: appdb
    type: mysql
    database: $DB
    user: root
  - name: app
    type: files
    paths: [$DATA/app]
targets:
  - name: local
    type: local
    path: $dir/local
EOF
  if [ "$2" = sftp ]; then
    cat >> "$dir/backstop.yml" <<EOF
  - name: nas
    type: sftp
    host: $BACKSTOP_TEST_SSHD_HOST
    port: $BACKSTOP_TEST_SSHD_PORT
    user: $ssh_user
    identity: $key
    known_hosts: $BACKSTOP_TEST_SSHD_KNOWN_HOSTS
    path: bench/backstop
    verify: remote-hash
EOF
  fi
}

setup() {
  rm -rf "$out"; mkdir -p "$out"
  rssh "rm -rf bench/old bench/restic bench/backstop; mkdir -p bench/old bench/backstop"
  case $1 in
    restic-local) restic init -q -r "$out/restic" >/dev/null ;;
    restic-sftp) restic init -q -r sftp:benchhost:bench/restic "${restic_sftp[@]}" >/dev/null ;;
    backstop-*) mkdir -p "$out/backstop"; local c=${1#backstop-}; backstop_config "${c%%-*}" \
        "$([ "${1##*+}" = sftp ] && echo sftp || echo local)" ;;
  esac
  sync
}

run_method() {
  case $1 in
    old-way) "$GEN/old-way.sh" "$out/old" "$DATA" "$DB" "$remote_home/bench/old" "$ssh_cfg" ;;
    tar-pigz) mysqldump --protocol=socket --single-transaction --quick --routines --triggers "$DB" | pigz -p2 > "$out/db.sql.gz"
              tar -C "$DATA" -cf - app | pigz -p2 > "$out/app.tar.gz" ;;
    tar-zstd) mysqldump --protocol=socket --single-transaction --quick --routines --triggers "$DB" | zstd -3 -T0 -q > "$out/db.sql.zst"
              tar -C "$DATA" -cf - app | zstd -3 -T0 -q > "$out/app.tar.zst" ;;
    restic-local|restic-sftp)
      local repo_arg=(-r "$out/restic")
      [ "$1" = restic-sftp ] && repo_arg=(-r sftp:benchhost:bench/restic "${restic_sftp[@]}")
      mkdir -p "$out/dump"
      mysqldump --protocol=socket --single-transaction --quick --routines --triggers "$DB" > "$out/dump/appdb.sql"
      restic "${repo_arg[@]}" backup -q "$DATA/app" "$out/dump" ;;
    backstop-*) /usr/bin/time -f %M -o "$out/rss" "$repo/backstop" run -c "$out/backstop/backstop.yml" > "$out/backstop.log" 2>&1 \
        || { tail -20 "$out/backstop.log" >&2; return 1; } ;;
  esac
}

stored() { # bytes the method stored (its local output, or the remote copy for SFTP-only ones)
  case $1 in
    old-way) rssh "stat -c %s bench/old/final.tar.gz" ;;
    restic-sftp) rssh "du -sb bench/restic" | cut -f1 ;;
    backstop-*) du -sb "$out/backstop/local" | cut -f1 ;;
    *) du -sb --exclude=dump "$out" | cut -f1 ;;
  esac
}

# --- measure: methods interleaved, REPEATS rounds ----------------------------------------------
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%MZ)
declare -A times rss size
for round in $(seq "$REPEATS"); do
  for m in $METHODS; do
    setup "$m"
    t0=$(date +%s.%N)
    run_method "$m"
    t1=$(date +%s.%N)
    s=$(echo "$t1 - $t0" | bc -l)
    times[$m]+="$s "
    size[$m]=$(stored "$m")
    [ -f "$out/rss" ] && rss[$m]+="$(cat "$out/rss") "
    log "round $round $m: $(printf '%.1f' "$s") s, stored $((${size[$m]} / 1000000)) MB$([ -f "$out/rss" ] && echo ", peak RSS $(( $(cat "$out/rss") / 1024 )) MiB")"
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rm -rf "$out"; rssh "rm -rf bench"

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
maxof() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -1; }
declare -A med
for m in $METHODS; do med[$m]=$(echo "${times[$m]}" | median); done
ratio() { if [ -n "${med[$1]:-}" ] && [ -n "${med[$2]:-}" ]; then echo "scale=2; ${med[$1]} / ${med[$2]}" | bc -l | sed 's/^\./0./'; else echo "n/a"; fi; }
verdict() { [ "$1" = n/a ] && echo "not measured" && return; [ "$(echo "$1 <= $2" | bc -l)" = 1 ] && echo "met" || echo "NOT met"; }

# --- JMH: compress + hash stage ----------------------------------------------------------------
jmh_table=""
if [ "$JMH" = 1 ]; then
  log "JMH: compress + hash stage"
  rm -f "$WORK/jmh.csv"
  if (cd "$repo" && mvn -Pbench -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$WORK/jmh.cp" >/dev/null) \
     && java -cp "$repo/target/test-classes:$repo/target/classes:$(cat "$WORK/jmh.cp")" org.openjdk.jmh.Main \
        -rf csv -rff "$WORK/jmh.csv" CompressHashBenchmark > "$WORK/jmh.log" 2>&1; then :; else
    log "JMH failed; see $WORK/jmh.log"
  fi
  cores=$(nproc)
  [ -f "$WORK/jmh.csv" ] &&
  jmh_table=$(tail -n +2 "$WORK/jmh.csv" | tr -d '"' | awk -F, -v cores="$cores" '{
      mbs = 64 * 1.048576 / ($5 / 1000);
      percore = ($8 == "gzip-single-thread" || $8 == "sha256-only") ? mbs : mbs / cores;
      printf "| %s | %.0f ms | %.0f MB/s | %.0f MB/s |\n", $8, $5, mbs, percore }')
fi

# --- report ------------------------------------------------------------------------------------
{
  echo "# backstop benchmark results"
  echo
  echo "Produced by \`SCALE=$SCALE REPEATS=$REPEATS bench/run.sh GENERATOR_DIR\` on $started."
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GB RAM, shared with other work: load average $load_before before, $load_after after."
  echo "Dataset: shared generator at SCALE=$SCALE SEED=$SEED: $files_count files, $((files_bytes / 1000000)) MB, plus a"
  echo "$((dump_bytes / 1000000)) MB MariaDB dump. Caches are warm (every method reads the same data in turn; rounds interleave the"
  echo "methods). First backup every time: targets, repositories and state are emptied before each run (not timed)."
  echo
  echo "| method | median wall s | runs (s) | stored MB | backstop peak RSS MiB |"
  echo "|---|---|---|---|---|"
  for m in $METHODS; do
    r="-"; [ -n "${rss[$m]:-}" ] && r=$(( $(echo "${rss[$m]}" | maxof) / 1024 ))
    printf '| %s | %.1f | %s | %d | %s |\n' "$m" "${med[$m]}" "$(for t in ${times[$m]}; do printf '%.1f ' "$t"; done)" \
        $((${size[$m]} / 1000000)) "$r"
  done
  echo
  echo "What each method does: old-way = \`old-way.sh\` (dump|gzip, tar czf, tar czf of both, ssh upload, remote sha256);"
  echo "tar-pigz / tar-zstd = mysqldump | pigz -p2 (zstd -3 -T0) and tar of the application | pigz -p2 (zstd -3 -T0), local"
  echo "files only, no upload, no verification; restic-* = mysqldump to a file, then restic backup of the application and"
  echo "the dump; backstop-* = \`backstop run\` with both sources, every file verified on every target (local: read back;"
  echo "SFTP: the server's sha256sum, as \`verify: remote-hash\` and, once a target has proven it, \`verify: auto\`; the old"
  echo "script verifies the same way)."
  echo
  echo "| target (ratio of medians) | measured | goal | verdict |"
  echo "|---|---|---|---|"
  r1=$(ratio backstop-zstd-local+sftp restic-sftp); echo "| zstd local+SFTP / restic first backup over SFTP | $r1 | ≤ 0.5 | $(verdict "$r1" 0.5) |"
  r2=$(ratio backstop-gzip-local+sftp tar-pigz); echo "| gzip local+SFTP / tar\\|pigz -p2 | $r2 | ≤ 1.1 | $(verdict "$r2" 1.1) |"
  r3=$(ratio backstop-gzip-local+sftp old-way); echo "| gzip local+SFTP / old script | $r3 | ≤ 0.3 | $(verdict "$r3" 0.3) |"
  peak=0; for m in $METHODS; do [ -n "${rss[$m]:-}" ] && p=$(echo "${rss[$m]}" | maxof) && [ "$p" -gt "$peak" ] && peak=$p; done
  echo "| backstop peak RSS, any variant | $((peak / 1024)) MiB | ≤ 200 MiB | $(verdict $((peak / 1024)) 200) |"
  if [ -n "$jmh_table" ]; then
    echo
    echo "JMH, compress + hash stage (\`CompressHashBenchmark\`, 64 MiB shaped like the dataset, SHA-256 of the output,"
    echo "-Xmx256m; per core = divided by $(nproc) cores for the parallel codecs):"
    echo
    echo "| stage | time per 64 MiB | throughput | per core |"
    echo "|---|---|---|---|"
    echo "$jmh_table"
  fi
} > "$RESULTS.new"
mv "$RESULTS.new" "$RESULTS"
cat "$RESULTS"
exit 0
}
