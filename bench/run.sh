#!/usr/bin/env bash
# Side-by-side benchmark of backstop against what its users would otherwise run, on one machine in
# one run: backstop run (gzip and zstd; local, and local + SFTP to a loopback sshd), the old
# script's way, tar|pigz -p2, tar|zstd -T0 and restic (local and SFTP repository). Prints a table of
# medians with the ratios the project aims for, and writes it to bench/RESULTS.md. Then, 8 hours
# later in the data's life (the generator's mutate), a second backup of each method and a read-data
# check of what it stored. Restore times (RTO) and the log archive's RPO: bench/recovery.sh, bench/RECOVERY.md.
#
#   bench/run.sh GENERATOR_DIR        # or BENCH_GENERATOR=...; the dir holding make-dataset.sh and old-way.sh
#   SCALE=10 REPEATS=1 EIGHT_HOURS=0 METHODS="backstop-gzip-local+sftp backstop-zstd-local+sftp" \
#     BENCH_WORK=/var/tmp/backstop-bench10 BENCH_DB=backstop_bench10 bench/run.sh GENERATOR_DIR
#                                     # 10x the data: bench/RESULTS-scale10.md, time and RSS against scale 1
#
# Environment: SCALE (1), SEED (20260101), REPEATS (3), BENCH_WORK (/var/tmp/backstop-bench),
#              BENCH_DB (backstop_bench), JMH (1 = also run the JMH compress + hash benchmark),
#              EIGHT_HOURS (1 = also the second backup after mutate; the dataset is rebuilt next time),
#              LATER_REPEATS (5 = rounds of the files' 8 h later backup of restic and incremental backstop,
#              each from the same first backup, methods alternating; the wall is their median),
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
ALL_METHODS="old-way tar-pigz tar-zstd restic-local restic-sftp backstop-gzip-local backstop-zstd-local backstop-gzip-local+sftp backstop-zstd-local+sftp backstop-zstd-incremental-local+sftp backstop-zstd-age-local+sftp"
METHODS=${METHODS:-$ALL_METHODS}
JMH=${JMH:-1}
EIGHT_HOURS=${EIGHT_HOURS:-1}
LATER_REPEATS=${LATER_REPEATS:-5}
# scale 1 is the reference; another scale gets its own file, compared with scale 1's medians
if [ "$SCALE" = 1 ]; then RESULTS=$repo/bench/RESULTS.md; else RESULTS=$repo/bench/RESULTS-scale$SCALE.md; fi
log() { printf 'bench: %s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------------------------
missing=()
for tool in pigz zstd restic age; do command -v "$tool" >/dev/null || missing+=("$tool"); done
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
# every method has its own output directory and remote directory, so that a first backup can stay
# in place for the "8 hours later" backup
export RESTIC_PASSWORD=backstop-bench
restic_sftp=(-o "sftp.command=ssh -F $ssh_cfg benchhost -s sftp")
odir() { echo "$WORK/out/$1"; }

backstop_config() { # method dir, compression, local|sftp, remote dir, incremental (or empty), age (or empty)
  local dir=$1
  if [ "${6:-}" = age ]; then age-keygen -o "$dir/key.txt" 2>/dev/null; chmod 600 "$dir/key.txt"; fi
  cat > "$dir/backstop.yml" <<EOF
host: bench
state_dir: $dir/state
compression: $2
sources:
  - name: appdb
    type: mysql
    database: $DB
    user: root
  - name: app
    type: files
    paths: [$DATA/app]
$([ "${5:-}" = incremental ] && echo "    incremental: { full_every: 7d, max_chain: 21 }")
$([ "${6:-}" = age ] && printf 'encryption:\n  recipients: [%s]\n  identity_file: %s\n' "$(age-keygen -y "$dir/key.txt")" "$dir/key.txt")
targets:
  - name: local
    type: local
    path: $dir/local
EOF
  if [ "$3" = sftp ]; then
    cat >> "$dir/backstop.yml" <<EOF
  - name: nas
    type: sftp
    host: $BACKSTOP_TEST_SSHD_HOST
    port: $BACKSTOP_TEST_SSHD_PORT
    user: $ssh_user
    identity: $key
    known_hosts: $BACKSTOP_TEST_SSHD_KNOWN_HOSTS
    path: $4
    verify: remote-hash
EOF
  fi
}

newest_set() { # backstop method: the directory of its newest set on the local target, <host>/<yyyy>/<MM>/<dd>/<id>/
  ls -d "$(odir "$1")"/local/bench/*/*/*/*/ | sort | tail -1
}

without_source() { # config, source name: the same configuration without that source
  awk -v s="  - name: $2" '$0 == s {skip=1; next} skip && (/^  - / || /^[^ ]/) {skip=0} !skip' "$1"
}

restic_repo() { # method: its repository
  if [ "$1" = restic-sftp ]; then echo "sftp:benchhost:bench/$1"; else echo "$(odir "$1")/restic"; fi
}

later_saved() { # method, save|restore: its repository, or its targets and state, as they are / as saved
  local o; o=$(odir "$1")
  local dirs=()
  case $1 in
    restic-sftp) ;;
    restic-*) dirs=("$o/restic") ;;
    backstop-*) dirs=("$o/local" "$o/state") ;;
  esac
  local d
  for d in "${dirs[@]}"; do
    if [ "$2" = save ]; then rm -rf "$d.saved"; cp -a "$d" "$d.saved"; else rm -rf "$d"; cp -a "$d.saved" "$d"; fi
  done
  case $1 in
    restic-sftp|backstop-*+sftp)
      if [ "$2" = save ]; then rssh "rm -rf 'bench/$1.saved'; cp -a 'bench/$1' 'bench/$1.saved'"
      else rssh "rm -rf 'bench/$1'; cp -a 'bench/$1.saved' 'bench/$1'"; fi ;;
  esac
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

setup() {
  local o; o=$(odir "$1")
  rm -rf "$o"; mkdir -p "$o"
  rssh "rm -rf 'bench/$1'; mkdir -p 'bench/$1'"
  case $1 in
    restic-*) restic init -q -r "$(restic_repo "$1")" "${restic_sftp[@]}" >/dev/null ;;
    backstop-*) local c=${1#backstop-}; backstop_config "$o" "${c%%-*}" \
        "$([ "${1##*+}" = sftp ] && echo sftp || echo local)" "bench/$1" \
        "$(case $1 in *-incremental-*) echo incremental ;; esac)" "$(case $1 in *-age-*) echo age ;; esac)" ;;
  esac
  sync
}

run_method() {
  local o; o=$(odir "$1")
  rm -f "$o/rss"
  case $1 in
    old-way) "$GEN/old-way.sh" "$o/old" "$DATA" "$DB" "$remote_home/bench/$1" "$ssh_cfg" ;;
    tar-pigz) mysqldump --protocol=socket --single-transaction --quick --routines --triggers "$DB" | pigz -p2 > "$o/db.sql.gz"
              tar -C "$DATA" -cf - app | pigz -p2 > "$o/app.tar.gz" ;;
    tar-zstd) mysqldump --protocol=socket --single-transaction --quick --routines --triggers "$DB" | zstd -3 -T0 -q > "$o/db.sql.zst"
              tar -C "$DATA" -cf - app | zstd -3 -T0 -q > "$o/app.tar.zst" ;;
    restic-*)
      mkdir -p "$o/dump"
      mysqldump --protocol=socket --single-transaction --quick --routines --triggers "$DB" > "$o/dump/appdb.sql"
      restic -r "$(restic_repo "$1")" "${restic_sftp[@]}" backup -q "$DATA/app" "$o/dump" ;;
    backstop-*) /usr/bin/time -f %M -o "$o/rss" "$repo/backstop" run -c "$o/backstop.yml" > "$o/backstop.log" 2>&1 \
        || { tail -20 "$o/backstop.log" >&2; return 1; } ;;
  esac
}

stored() { # bytes the method holds now (its local output, or the remote copy for SFTP-only ones)
  local o; o=$(odir "$1")
  case $1 in
    old-way) rssh "stat -c %s 'bench/$1/final.tar.gz'" ;;
    restic-sftp) rssh "du -sb 'bench/$1'" | cut -f1 ;;
    backstop-*) du -sb "$o/local" | cut -f1 ;;
    *) du -sb --exclude=dump "$o" | cut -f1 ;;
  esac
}

timed() { # command...: runs it (its output to stderr), prints its wall seconds
  local t0 t1
  t0=$(date +%s.%N); "$@" >&2; t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}

# --- measure: methods interleaved, REPEATS rounds ----------------------------------------------
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%MZ)
declare -A times rss size later later_stored later_files later_files_wall later_files_runs checks first_size
for round in $(seq "$REPEATS"); do
  for m in $METHODS; do
    setup "$m"
    s=$(timed run_method "$m")
    times[$m]+="$s "
    size[$m]=$(stored "$m")
    o=$(odir "$m")
    [ -f "$o/rss" ] && rss[$m]+="$(cat "$o/rss") "
    log "round $round $m: $(printf '%.1f' "$s") s, stored $((${size[$m]} / 1000000)) MB$([ -f "$o/rss" ] && echo ", peak RSS $(( $(cat "$o/rss") / 1024 )) MiB")"
  done
done

# --- 8 hours later: each method's last first backup stays, the data changes, a second backup runs --
if [ "$EIGHT_HOURS" = 1 ]; then
  for m in $METHODS; do first_size[$m]=$(stored "$m"); done
  log "8 hours later: $GEN/make-dataset.sh mutate"
  echo "mutated" > "$WORK/.dataset" # from here on this is not generation 0: the next bench run rebuilds it
  "$GEN/make-dataset.sh" mutate >&2
  # the mutation leaves dirty pages and the database's own flushing behind: without this, the
  # first method measured (restic) paid for them, by half a second in two runs
  sync; sleep 10
  # what the files' 8 h later backup starts from, kept for the rounds after the first (below)
  for m in $METHODS; do
    case $m in restic-*|backstop-*-incremental-*) later_saved "$m" save ;; esac
  done
  for m in $METHODS; do
    case $m in
      restic-*) # the application and the dump as two snapshots, so that the files' increment shows on its own
        o=$(odir "$m")
        s=$(timed restic -r "$(restic_repo "$m")" "${restic_sftp[@]}" backup -q "$DATA/app")
        later_files[$m]=$(( $(stored "$m") - ${first_size[$m]} ))
        later_files_wall[$m]=$s
        s=$(echo "$s + $(timed mysqldump --protocol=socket --single-transaction --quick --routines --triggers "$DB" \
          --result-file="$o/dump/appdb.sql") + $(timed restic -r "$(restic_repo "$m")" "${restic_sftp[@]}" backup -q "$o/dump")" | bc -l) ;;
      backstop-*-incremental-*) # as restic's: a run of the application alone, then one of the database
        o=$(odir "$m")
        without_source "$o/backstop.yml" appdb > "$o/files.yml"
        without_source "$o/backstop.yml" app > "$o/database.yml"
        rm -f "$o/rss"
        s=$(timed "$repo/backstop" run -c "$o/files.yml")
        later_files_wall[$m]=$s
        later_files[$m]=$(cat "$(newest_set "$m")"app.* | wc -c)
        s=$(echo "$s + $(timed "$repo/backstop" run -c "$o/database.yml")" | bc -l) ;;
      *) s=$(timed run_method "$m") ;;
    esac
    case $m in
      backstop-*) # the application's archive (and snapshot copy) in the newest set, unless measured above
        [ -n "${later_files[$m]:-}" ] || later_files[$m]=$(cat "$(newest_set "$m")"app.* | wc -c) ;;
    esac
    later[$m]=$s
    case $m in
      old-way|tar-*) later_stored[$m]=$(stored "$m") ;; # these store a whole new copy every time
      *) later_stored[$m]=$(( $(stored "$m") - ${first_size[$m]} )) ;;
    esac
    o=$(odir "$m")
    [ -f "$o/rss" ] && rss[$m]+="$(cat "$o/rss") "
    log "8 h later $m: $(printf '%.1f' "$s") s, stored +$((${later_stored[$m]} / 1000000)) MB"
    # reading back everything the backups hold, as a restore would need it
    case $m in
      restic-*) checks[$m]=$(timed restic -r "$(restic_repo "$m")" "${restic_sftp[@]}" check -q --read-data) ;;
      backstop-*+sftp) checks[$m]=$(timed "$repo/backstop" verify --read-data -c "$o/backstop.yml") ;;
    esac
    if [ -n "${checks[$m]:-}" ]; then log "read-data check $m: $(printf '%.1f' "${checks[$m]}") s"; fi
  done
  # One run each is at the mercy of a busy machine: the files' 8 h later backup of restic and of
  # incremental backstop runs LATER_REPEATS times in all, alternating, each from its own first
  # backup put back as it was, and the wall is the median.
  for m in $METHODS; do
    [ -n "${later_files_wall[$m]:-}" ] && later_files_runs[$m]="${later_files_wall[$m]} "
  done
  for round in $(seq 2 "$LATER_REPEATS"); do
    for m in $METHODS; do
      [ -n "${later_files_runs[$m]:-}" ] || continue
      later_saved "$m" restore
      sync; sleep 2
      o=$(odir "$m")
      case $m in
        restic-*) s=$(timed restic -r "$(restic_repo "$m")" "${restic_sftp[@]}" backup -q "$DATA/app") ;;
        backstop-*) s=$(timed "$repo/backstop" run -c "$o/files.yml") ;;
      esac
      later_files_runs[$m]+="$s "
      log "8 h later, files again, round $round $m: $(printf '%.1f' "$s") s"
    done
  done
  for m in $METHODS; do
    [ -n "${later_files_runs[$m]:-}" ] && later_files_wall[$m]=$(echo "${later_files_runs[$m]}" | median)
  done
fi
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
rm -rf "$WORK/out"; rssh "rm -rf bench"

maxof() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -1; }
declare -A med
for m in $METHODS; do med[$m]=$(echo "${times[$m]}" | median); done
ratio() { if [ -n "${med[$1]:-}" ] && [ -n "${med[$2]:-}" ]; then echo "scale=2; ${med[$1]} / ${med[$2]}" | bc -l | sed 's/^\./0./'; else echo "n/a"; fi; }
verdict() { [ "$1" = n/a ] && echo "not measured" && return; [ "$(echo "$1 <= $2" | bc -l)" = 1 ] && echo "met" || echo "NOT met"; }

# this scale's medians, kept for the comparison across scales
{
  printf 'method\tmedian_s\tpeak_rss_kib\n'
  for m in $METHODS; do printf '%s\t%s\t%s\n' "$m" "${med[$m]}" "$(echo "${rss[$m]:-0}" | maxof)"; done
} > "$repo/bench/results-scale$SCALE.tsv"

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
  jmh_table=$(tail -n +2 "$WORK/jmh.csv" | tr -d '"\r' | awk -F, -v cores="$cores" '{
      mbs = 64 * 1.048576 / ($5 / 1000);
      percore = ($8 == "gzip-single-thread" || $8 == "sha256-only") ? mbs : mbs / cores;
      printf "| %s | %.0f ms | %.0f MB/s | %.0f MB/s |\n", $8, $5, mbs, percore }')
fi

# --- report ------------------------------------------------------------------------------------
{
  echo "# backstop benchmark results"
  echo
  echo "Produced by \`SCALE=$SCALE REPEATS=$REPEATS EIGHT_HOURS=$EIGHT_HOURS bench/run.sh GENERATOR_DIR\` on $started$([ "$METHODS" = "$ALL_METHODS" ] || echo " (METHODS=\"$METHODS\")")."
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')),"
  echo "$(free -g | awk '/Mem:/ {print $2}') GB RAM, shared with other work: load average $load_before before, $load_after after."
  echo "Dataset: shared generator at SCALE=$SCALE SEED=$SEED: $files_count files, $((files_bytes / 1000000)) MB, plus a"
  echo "$((dump_bytes / 1000000)) MB MariaDB dump. Caches are warm (every method reads the same data in turn; rounds interleave the"
  echo "methods). First backup every time: targets, repositories and state are emptied before each run (not timed)."
  if [ "$EIGHT_HOURS" = 1 ]; then
    echo "8 h later: after the rounds, each method's last first backup stays in place, \`make-dataset.sh mutate\` changes the"
    echo "data (about 1% of files changed, added or deleted; rows inserted and updated) and each method backs up once more"
    echo "(one run, so no median); stored = what that backup added; files = of that, the application's files and the wall"
    echo "time of their backup alone, the median of $LATER_REPEATS runs for restic and incremental backstop, alternating, each from"
    echo "its own first backup put back as it was (backstop: the files' archive of the new set and its snapshot copy; restic: the"
    echo "repository's growth from a snapshot of the application alone). restic takes that snapshot first, then mysqldump and"
    echo "the dump's snapshot; the incremental backstop method runs its configuration without the database first, then without"
    echo "the application; all of it timed. Read-data check: \`restic check --read-data\` of the repository, \`backstop verify"
    echo "--read-data\` of both sets on both targets."
  fi
  echo
  echo "| method | first backup, median wall s | runs (s) | stored MB | 8 h later, wall s (stored) | read-data check s | backstop peak RSS MiB |"
  echo "|---|---|---|---|---|---|---|"
  for m in $METHODS; do
    r="-"; [ -n "${rss[$m]:-}" ] && r=$(( $(echo "${rss[$m]}" | maxof) / 1024 ))
    l="-"; [ -n "${later[$m]:-}" ] && l=$(printf '%.1f (+%d MB%s)' "${later[$m]}" $((${later_stored[$m]} / 1000000)) \
        "$([ -n "${later_files[$m]:-}" ] && printf ', files +%.1f MB' "$(echo "${later_files[$m]} / 1000000" | bc -l)")$(
        [ -n "${later_files_wall[$m]:-}" ] && printf ' in %.1f s' "${later_files_wall[$m]}")$(
        [ -n "${later_files_runs[$m]:-}" ] && printf ' (runs: %s)' "$(for t in ${later_files_runs[$m]}; do printf '%.1f ' "$t"; done | sed 's/ $//')")")
    c="-"; [ -n "${checks[$m]:-}" ] && c=$(printf '%.1f' "${checks[$m]}")
    printf '| %s | %.1f | %s | %d | %s | %s | %s |\n' "$m" "${med[$m]}" "$(for t in ${times[$m]}; do printf '%.1f ' "$t"; done)" \
        $((${size[$m]} / 1000000)) "$l" "$c" "$r"
  done
  echo
  echo "What each method does: old-way = \`old-way.sh\` (dump|gzip, tar czf, tar czf of both, ssh upload, remote sha256);"
  echo "tar-pigz / tar-zstd = mysqldump | pigz -p2 (zstd -3 -T0) and tar of the application | pigz -p2 (zstd -3 -T0), local"
  echo "files only, no upload, no verification; restic-* = mysqldump to a file, then restic backup of the application and"
  echo "the dump; backstop-* = \`backstop run\` with both sources, every file verified on every target (local: read back;"
  echo "SFTP: the server's sha256sum, as \`verify: remote-hash\` and, once a target has proven it, \`verify: auto\`; the old"
  echo "script verifies the same way); backstop-zstd-incremental-local+sftp = the same with \`incremental:\` on the application, so"
  echo "that its 8 h later backup stores the changed files only (GNU tar listed-incremental), the database dumped whole;"
  echo "backstop-zstd-age-local+sftp = zstd local+SFTP with \`encryption:\` (age, one X25519 recipient) on both targets."
  echo
  echo "| target (ratio of medians) | measured | goal | verdict |"
  echo "|---|---|---|---|"
  r1=$(ratio backstop-zstd-local+sftp restic-sftp); echo "| zstd local+SFTP / restic first backup over SFTP | $r1 | ≤ 0.5 | $(verdict "$r1" 0.5) |"
  r2=$(ratio backstop-gzip-local+sftp tar-pigz); echo "| gzip local+SFTP / tar\\|pigz -p2 | $r2 | ≤ 1.1 | $(verdict "$r2" 1.1) |"
  r3=$(ratio backstop-gzip-local+sftp old-way); echo "| gzip local+SFTP / old script | $r3 | ≤ 0.3 | $(verdict "$r3" 0.3) |"
  if [ -n "${later_stored[backstop-zstd-incremental-local+sftp]:-}" ] && [ -n "${later_stored[restic-sftp]:-}" ]; then
    r4=$(echo "scale=2; ${later_files[backstop-zstd-incremental-local+sftp]} / ${later_files[restic-sftp]}" | bc -l | sed 's/^\./0./')
    echo "| zstd incremental 8 h later, the files' increment / restic's over SFTP | $r4 | ≤ 2 | $(verdict "$r4" 2) |"
    r5=$(echo "scale=2; ${later_files_wall[backstop-zstd-incremental-local+sftp]} / ${later_files_wall[restic-sftp]}" | bc -l | sed 's/^\./0./')
    echo "| zstd incremental 8 h later, the files' backup wall / restic's over SFTP | $r5 | ≤ 1 | $(verdict "$r5" 1) |"
    r5b=$(echo "scale=2; ${later[backstop-zstd-incremental-local+sftp]} / ${later[restic-sftp]}" | bc -l | sed 's/^\./0./')
    echo "| the same with the database (dumped whole by both) | $r5b | - | - |"
  fi
  r6=$(ratio backstop-zstd-age-local+sftp backstop-zstd-local+sftp); echo "| zstd local+SFTP encrypted (age) / in the clear | $r6 | ≤ 1.1 | $(verdict "$r6" 1.1) |"
  peak=0; for m in $METHODS; do [ -n "${rss[$m]:-}" ] && p=$(echo "${rss[$m]}" | maxof) && [ "$p" -gt "$peak" ] && peak=$p; done
  peak_mb=$((peak * 1024 / 1000000)) # time -f %M gives KiB; the goal is in MB
  echo "| backstop peak RSS, any variant | $peak_mb MB ($((peak / 1024)) MiB) | ≤ 200 MB | $(verdict "$peak_mb" 200) |"
  base_tsv=$repo/bench/results-scale1.tsv
  if [ "$SCALE" != 1 ] && [ -f "$base_tsv" ]; then
    echo
    echo "Against scale 1 (medians from \`bench/results-scale1.tsv\`, written by the last scale-1 run; goal: time at most"
    echo "1.1 x the data factor, peak RSS unchanged and at most 200 MB, that is 190 MiB):"
    echo
    echo "| method | scale 1 s | scale $SCALE s | ratio | goal | verdict | peak RSS MiB, scale 1 / $SCALE |"
    echo "|---|---|---|---|---|---|---|"
    for m in $METHODS; do
      line=$(awk -F'\t' -v m="$m" '$1 == m' "$base_tsv")
      [ -n "$line" ] || continue
      t1=$(echo "$line" | cut -f2); r1=$(echo "$line" | cut -f3)
      rr=$(echo "scale=2; ${med[$m]} / $t1" | bc -l | sed 's/^\./0./')
      goal=$(echo "1.1 * $SCALE" | bc -l | sed 's/^\./0./')
      rn=$(echo "${rss[$m]:-0}" | maxof)
      printf '| %s | %.1f | %.1f | %s | ≤ %s | %s | %s / %s |\n' "$m" "$t1" "${med[$m]}" "$rr" "$goal" "$(verdict "$rr" "$goal")" \
          "$((r1 / 1024))" "$((rn / 1024))"
    done
  fi
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
