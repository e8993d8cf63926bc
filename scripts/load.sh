#!/usr/bin/env bash
# scripts/load.sh [load options]
#
# The main job: starts a bank of node processes on 127.0.0.1, runs the same customers through every model
# (message-passing, shared-state, unlocked-shared-state), prints a comparison table, writes
# target/load/report.json, stops every process it started, and exits 0 only if every audit that must pass
# passed. Options are those of `java -jar target/bankbus.jar load --help` (run `scripts/load.sh --help`).
#
# Builds target/bankbus.jar first if it is missing (needs Java 17 and Maven). After changing the sources,
# rebuild it with `mvn -B -q package -DskipTests`. BANKBUS_LOAD_HEAP sets the load process's own heap (512m).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/target/bankbus.jar"

if [ ! -f "$jar" ]; then
  echo "target/bankbus.jar is missing: building it (mvn -B -q package -DskipTests)..." >&2
  (cd "$root" && mvn -B -q package -DskipTests)
fi

cd "$root"
# The load process starts the bank nodes itself and stops them by PID when it ends, on Ctrl-C too; each node
# also stops on its own if the load process disappears. Here we only make sure the load process ends with us.
java "-Xmx${BANKBUS_LOAD_HEAP:-512m}" -jar "$jar" load "$@" &
load_pid=$!
trap 'kill -TERM "$load_pid" 2>/dev/null || true' INT TERM
set +e
wait "$load_pid"
code=$?
if kill -0 "$load_pid" 2>/dev/null; then   # interrupted by a signal: wait for the load process to clean up
  wait "$load_pid"
  code=$?
fi
exit "$code"
