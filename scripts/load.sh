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
# --tls: the event bus with TLS and client certificates; the certificates are made once, by scripts/gen-certs.sh,
# in target/certs (or BANKBUS_CERTS), and reused after that.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/target/bankbus.jar"
. "$root/scripts/lib.sh"
ensure_jar "$root"

cd "$root"
args=()
for arg in "$@"; do
  if [ "$arg" = "--tls" ]; then
    certs="${BANKBUS_CERTS:-$root/target/certs}"
    [ -f "$certs/truststore.p12" ] || "$root/scripts/gen-certs.sh" "$certs" >&2
    args+=(--tls-dir "$certs")
  else
    args+=("$arg")
  fi
done
set -- ${args[@]+"${args[@]}"}
# exec: the load process takes this script's place, so Ctrl-C and SIGTERM reach it directly. It started the
# bank nodes and stops them by PID on its way out; each node also stops by itself if the load process is gone.
exec java "-Xmx${BANKBUS_LOAD_HEAP:-512m}" -jar "$jar" load "$@"
