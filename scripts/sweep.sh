#!/usr/bin/env bash
# scripts/sweep.sh [sweep options]
#
# Each model as contention grows (uniform over all accounts; 1 % of the accounts taking 50 % of the operations,
# the load's default; 90 % of the operations on 10 accounts; every operation on one account) and as cashiers per
# node grow (1, 2, 4, 8, 16): every point its own audited run, on a fresh bank of node processes on 127.0.0.1 per
# number of cashiers. Writes target/sweep/sweep.json and sweep.html, stops every process it started, and exits 0
# only if every audit that must pass passed. About 9 minutes with the defaults on 2 cores; --quick (for CI) 2-3. Options are those of `java -jar target/bankbus.jar sweep --help` (run `scripts/sweep.sh --help`).
#
# Builds target/bankbus.jar first if it is missing (needs Java 17 and Maven). After changing the sources,
# rebuild it with `mvn -B -q package -DskipTests`. BANKBUS_LOAD_HEAP sets the sweep process's own heap (512m).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/target/bankbus.jar"
. "$root/scripts/lib.sh"
ensure_jar "$root"

cd "$root"
# exec: the sweep process takes this script's place, so Ctrl-C and SIGTERM reach it directly. It starts the
# bank nodes and stops them by PID; each node also stops by itself if the sweep process is gone.
exec java "-Xmx${BANKBUS_LOAD_HEAP:-512m}" -jar "$jar" sweep "$@"
