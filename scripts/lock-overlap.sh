#!/usr/bin/env bash
# scripts/lock-overlap.sh [--seconds S] [--loops N] [--pause-ms MS] [--worker-pool N]
#
# The lock hazard (README, "The lock hazard"), reproduced: a one-member clustered Vert.x of its own on 127.0.0.1
# (a fresh cluster name, so it joins no bank) runs N loops that take the same Vert.x cluster lock, hold it ~1 ms
# and release it, and counts how often a loop got the lock while another still held it. Prints one JSON line
# {"loops","pause_ms","worker_pool","acquired","overlaps"} and one sentence; exits 0 whatever the count
# (8 if it could not run, 2 for a bad option). Defaults: 10 s, 2 loops, no pause, 20 worker threads.
# Builds target/bankbus.jar first if it is missing (needs Java 17 and Maven). Options: --help.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/target/bankbus.jar"
. "$root/scripts/lib.sh"
ensure_jar "$root"
cd "$root"
exec java -Xmx256m -jar "$jar" lock-overlap "$@"
