#!/usr/bin/env bash
# Runs the whole test suite: unit tests, then end-to-end tests of the packaged jar against the
# real MariaDB and PostgreSQL servers (installed and started first when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/test-services.sh
export CI="${CI:-false}"
mvn -B -ntp verify "$@"
