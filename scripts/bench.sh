#!/usr/bin/env bash
# scripts/bench.sh [bench options]
#
# Measures, in one run on the same processes, the raw engine and each bank model. The raw engine: clustered
# request/reply between processes, plain; the same with each answer first put to a Hazelcast map with one
# synchronous backup; the same with each request first copied to a follower echo on another node over the event
# bus, answered after its ack (two hops, as an owner copying each batch to a follower); all three with as many
# requests in flight as the bank has cashiers; and a lock -> get -> put -> release loop, as many loops. Prints
# medians over several rounds and the ratios bank / raw. Figures, not a test: nothing here fails on a slow
# machine. Options: `scripts/bench.sh --help`. About 5 minutes with the defaults.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/target/bankbus.jar"
. "$root/scripts/lib.sh"
ensure_jar "$root"
cd "$root"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1), $(date -u +%Y-%m-%dT%H:%MZ)" >&2
exec java "-Xmx${BANKBUS_LOAD_HEAP:-512m}" -jar "$jar" bench "$@"
