#!/usr/bin/env bash
# Quick start: builds backstop, creates sample data if absent, runs one backup into
# quickstart/backups, lists it, and checks it with standard tools alone.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [ ! -f target/backstop.jar ]; then
  echo "== building target/backstop.jar with Maven (the first time about 30 s; needs a JDK 17+)"
  # Maven 3.8 writes colour resets even with -B: strip them, keep its exit code (pipefail)
  mvn -q -B -DskipTests package 2>&1 | sed -e $'s/\e\\[[0-9;]*m//g'
fi
if [ ! -f quickstart/data/app.db ]; then
  echo "== creating sample data in quickstart/data"
  java -cp target/backstop.jar quickstart/CreateSampleData.java quickstart/data
fi
echo "== backstop config check"
./backstop config check --config quickstart/backstop.yml
echo "== backstop run"
./backstop run --config quickstart/backstop.yml
echo "== backstop list"
./backstop list --config quickstart/backstop.yml
newest=$(find quickstart/backups -name MANIFEST.json -printf '%h\n' | sort | tail -n 1)
echo "== sha256sum -c in $newest"
(cd "$newest" && sha256sum -c SHA256SUMS)
