#!/usr/bin/env bash
# Writes packaging/backstop.classlist: the classes that backstop's usual commands load, from
# training runs of the built jar. The build turns the list into a class-data archive beside the
# jar (target/backstop.jsa, pom.xml; install.sh makes its own), which the launcher maps at start:
# the JVM then neither reads nor verifies those classes again, and a run starts about half a
# second sooner. A list that has grown stale costs only that gain: the JVM loads a class the
# archive lacks the usual way. Run it after a dependency or much of the code changed:
#
#   mvn -q -B -DskipTests package && packaging/classlist.sh
#
# The training backs up a small tree and a SQLite database to a local directory and, when the
# test sshd is set up (scripts/test-sshd.sh, as root), to an SFTP target, then lists, verifies,
# restores, test-restores and prunes. Nothing outside a temporary directory is written.
set -euo pipefail
repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
jar="$repo/target/backstop.jar"
out="$repo/packaging/backstop.classlist"
[ -f "$jar" ] || { echo "classlist.sh: $jar is missing; build it first: mvn -B -DskipTests package" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/data/files/sub" "$work/lists"
for i in $(seq 1 200); do head -c $((i * 97)) /dev/urandom > "$work/data/files/sub/f$i.bin"; done
java -cp "$jar" "$repo/quickstart/CreateSampleData.java" "$work/data/db" >/dev/null
cp "$work/data/db/app.db" "$work/data/app.db"

sshd_env=${BACKSTOP_TEST_SSHD_DIR:-/var/lib/backstop-test-sshd}/env
sftp=""
if [ -f "$sshd_env" ]; then
  get() { grep "^$1=" "$sshd_env" | cut -d= -f2-; }
  sftp="  - name: nas
    type: sftp
    host: $(get BACKSTOP_TEST_SSHD_HOST)
    port: $(get BACKSTOP_TEST_SSHD_PORT)
    user: $(get BACKSTOP_TEST_SSHD_USER)
    identity: $(get BACKSTOP_TEST_SSHD_KEYS)/id_ed25519
    known_hosts: $(get BACKSTOP_TEST_SSHD_KNOWN_HOSTS)
    path: classlist-$$"
else
  echo "classlist.sh: no test sshd ($sshd_env): training without an SFTP target" >&2
fi
cat > "$work/backstop.yml" <<EOF
host: classlist
state_dir: $work/state
compression: zstd
sources:
  - name: appdb
    type: sqlite
    path: $work/data/app.db
  - name: files
    type: files
    paths: [$work/data/files]
    incremental: { full_every: 7d, max_chain: 21 }
targets:
  - name: local
    type: local
    path: $work/backups
$sftp
EOF

n=0
train() { # command...: one run of the jar, its loaded classes into a list of their own
  n=$((n + 1))
  local rc=0
  java -Xshare:off -XX:DumpLoadedClassList="$work/lists/$n" -jar "$jar" "$@" -c "$work/backstop.yml" > "$work/out" 2>&1 \
    || rc=$?
  # status says WARNING (1) until a restore test has passed; anything else is a failed training
  if [ "$rc" -gt 1 ] || { [ "$rc" = 1 ] && [ "$1" != status ]; }; then
    cat "$work/out" >&2
    echo "classlist.sh: backstop $* failed (exit $rc)" >&2
    exit 1
  fi
}
train run
head -c 5000 /dev/urandom > "$work/data/files/new.bin"
sleep 1 # the next set's id is the next second
train run
train list
train status
train verify
newest=$(find "$work/backups" -name MANIFEST.json -printf '%h\n' | sort | tail -n 1)
train restore --backup "$(basename "$newest")" --to "$work/restored"
train restore-test
train prune --dry-run
if [ -n "$sftp" ]; then
  train prune # with keep_last unset nothing goes; the SFTP test directory is removed below
  ssh_dir=$(grep "^BACKSTOP_TEST_SSHD_USER_HOME=" "$sshd_env" | cut -d= -f2-)
  rm -rf "${ssh_dir:?}/classlist-$$"
fi

# one list, each line once, in the order first seen: the JVM's own header comment first
{
  echo "# backstop's class list, written by packaging/classlist.sh: do not edit by hand."
  cat "$work"/lists/* | grep -v '^#' | awk '!seen[$0]++'
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out: $(grep -vc '^#' "$out") lines from $n training runs"
