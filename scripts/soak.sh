#!/usr/bin/env bash
# scripts/soak.sh [load options]
#
# Overload soak: per model (message-passing, shared-state), a short closed-loop probe measures the bank's
# capacity, then customers arrive at twice that rate for 10 minutes. The waiting room is bounded, so the excess
# is refused BANK_FULL at once; every 30 s each bank node and the load process report their heap after a full
# GC. The report shows the samples and judges whether each heap stayed flat once the bank's dedup window
# (120 s) had filled: memory must be bounded by the window, not by the length of the run. Exits 7 if a heap
# kept growing, 5 if an audit failed (runs longer than the window are audited per account balance).
# About 24 minutes. Any option of scripts/load.sh may be given and overrides the defaults (the last one wins).
# --rate R sets a floor: arrivals at twice the capacity, but never fewer than R a second.
# The CI version, SoakScriptIT (a minute per model; the window cut to 30 s so that it fills early, and customers'
# patience and reply timeout cut so that their retries still end within it; a floor of 1.5 x the most the model
# has served on this 2-core machine, so that it is an overload even when the estimate comes out low):
#   scripts/soak.sh --models message-passing --rate 2000 --duration 60 --dedup-window 30 --patience 8000 \
#     --operation-timeout 5000 --heap-every 3          # and the same with --models shared-state --rate 1000
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
defaults=(--nodes 2 --overload 2 --duration 600 --warmup 10 --heap-every 30 --customers 3000 --output target/soak)
case " $* " in
  *" --models "* | *" --models="*) ;;
  *) defaults+=(--models message-passing,shared-state) ;;
esac
exec "$root/scripts/load.sh" "${defaults[@]}" "$@"
