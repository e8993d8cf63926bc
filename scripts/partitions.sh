#!/usr/bin/env bash
# scripts/partitions.sh [--rounds N] [--hosts 3|5|3,5] [--models LIST] [load options]
#
# The partition scenarios of docs/partitions.md, every model in each: 3 hosts with host 3 cut off, and 5 hosts
# with hosts 4 and 5 split from 1-3 (2 | 3); the cut comes 5 s into measuring and is healed 10 s later. Each run
# is scripts/hosts.sh (so it needs root), whose load prints, after its usual report, a partition table per
# model: acknowledged, failed (outcome unknown), lost, applied twice, accounts off, cents off, seconds with no
# success, what the cut-off side's ledger owners answered while apart (message passing: must be 0), and when the
# bank was whole again. Message passing runs on a bank of its own, then the shared-state models on another.
# Reports in target/partitions/<hosts>-hosts-<round>-mp/ and ...-ss/.
#
# Options: --rounds N (1), --hosts (3,5), --models (message-passing,shared-state,unlocked-shared-state); any other
# option goes to the load (defaults here: --duration 25 --warmup 3 --customers 16 --accounts 200).
# Exit code: 0 if message passing's audit passed in every run; otherwise the first failing run's exit code
# (shared state's audit failing is what a partition may cost it: reported, not failed on). About 3 minutes per
# scenario and round.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
rounds=1
hosts="3,5"
models="message-passing,shared-state,unlocked-shared-state"
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    --rounds) rounds="${2:?--rounds needs a number}"; shift 2 ;;
    --hosts) hosts="${2:?--hosts needs 3, 5 or 3,5}"; shift 2 ;;
    --models) models="${2:?--models needs a list}"; shift 2 ;;
    *) extra+=("$1"); shift ;;
  esac
done
[[ "$rounds" =~ ^[1-9][0-9]?$ ]] || { echo "partitions.sh: --rounds must be 1-99, got '$rounds'" >&2; exit 2; }
[[ "$hosts" =~ ^(3|5)(,(3|5))?$ ]] || { echo "partitions.sh: --hosts must be 3, 5 or 3,5, got '$hosts'" >&2; exit 2; }

mp=""
others=""
for m in ${models//,/ }; do
  case "$m" in
    message-passing) mp="$m" ;;
    shared-state | unlocked-shared-state) others="$others${others:+,}$m" ;;
    *) echo "partitions.sh: --models: no model '$m'" >&2; exit 2 ;;
  esac
done

# One scenario's run of some models; prints the load's report (and its partition table).
run_one() {
  local n="$1" list="$2" out="$3"
  echo "partitions.sh: $n hosts, $list: $out" >&2
  "$root/scripts/hosts.sh" "$n" --models "$list" --duration 25 --warmup 3 --customers 16 --accounts 200 \
    --partition-after 5 --heal-after 10 --output "$out" ${extra[@]+"${extra[@]}"}
}

rc=0
for n in ${hosts//,/ }; do
  for round in $(seq 1 "$rounds"); do
    # Message passing on its own bank, so that its exit code is its own audit's.
    if [ -n "$mp" ]; then
      set +e; run_one "$n" "$mp" "$root/target/partitions/$n-hosts-$round-mp"; code=$?; set -e
      [ "$code" -eq 0 ] || [ "$rc" -ne 0 ] || rc=$code
    fi
    if [ -n "$others" ]; then
      # 5: an audit failed, which is what a partition may cost shared state: reported, not failed on.
      set +e; run_one "$n" "$others" "$root/target/partitions/$n-hosts-$round-ss"; code=$?; set -e
      [ "$code" -eq 0 ] || [ "$code" -eq 5 ] || [ "$rc" -ne 0 ] || rc=$code
    fi
  done
done
exit "$rc"
