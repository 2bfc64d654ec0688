#!/usr/bin/env bash
# Runs the whole test suite: unit tests, then end-to-end tests of the packaged jar against the
# real MariaDB and PostgreSQL servers (installed and started first when missing). The test sshd
# (scripts/test-sshd.sh) is stopped at the end when this run started it; MariaDB and PostgreSQL
# are left running, as they may serve more than the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
sshd_before=false
scripts/test-sshd.sh --running 2>/dev/null && sshd_before=true
finish() {
  if [ "$sshd_before" = false ]; then
    scripts/test-sshd.sh --stop || true
  elif scripts/test-sshd.sh --running 2>/dev/null; then
    echo "test.sh: the test sshd on 127.0.0.1:2222 ran before and still runs; stop it with: scripts/test-sshd.sh --stop" >&2
  fi
}
trap finish EXIT
scripts/test-services.sh
export CI="${CI:-false}"
# no colour codes (Maven 3.8 writes resets even with -B): the output goes to files and CI logs as
# often as to a terminal
mvn -B -ntp verify "$@" 2>&1 | sed -u -e $'s/\e\\[[0-9;]*m//g'
