#!/usr/bin/env bash
# scripts/hosts.sh N [--tls] [load options]
#
# The bank on N separate hosts (N = 3 or 5), made on this machine out of Linux network namespaces: one namespace
# per bank node, one for the load, all joined by a bridge, addresses 10.77.0.11... (the load: 10.77.0.100) that
# exist only inside those namespaces. Each node is started with its member list, interface, Hazelcast and
# event-bus ports and the bank's expected size (--expected-nodes N) set by flags, as on real hosts; cluster.xml
# is not edited. The load runs in its own namespace against them (load --nodes 0); the options given are the
# load's (scripts/load.sh --help), e.g. --partition-after 5 --heal-after 10 to cut the network in each model's
# run: with 3 hosts the last host is cut off, with 5 the last two are split from the first three; the load stays
# with the majority. The cut moves the minority's ports to a second bridge (packets are dropped, no link goes
# down), by a small program this script writes and passes as --network-control. --tls: certificates valid for
# the hosts' addresses, made for this run by scripts/gen-certs.sh --ip, TLS on every event bus.
#
# Needs root (ip netns). Everything it makes has a name unique to the run (namespaces bb-<run>-*; the bridges
# live in the run's own namespace) and is removed when it ends, on success, failure or Ctrl-C: processes by PID,
# then the namespaces, which take their links with them. Logs and report.json go to --output (target/hosts).
# Exits with the load's code (0: every required audit passed), 2 without root or with bad arguments, 3 if the
# bank's nodes did not start. BANKBUS_NODE_HEAP (384m) and BANKBUS_LOAD_HEAP (512m) set the heaps.
# Step by step, and what to set on real hosts instead: docs/hosts.md.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/target/bankbus.jar"
. "$root/scripts/lib.sh"

usage() {
  sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
}
if [ $# -lt 1 ]; then
  usage >&2
  exit 2
fi
case "$1" in
  -h | --help) usage; exit 0 ;;
  3 | 5) n="$1" ;;
  *) echo "hosts.sh: N must be 3 or 5, got '$1' (see --help)" >&2; exit 2 ;;
esac
shift
tls=false
out="target/hosts"
models=""                                       # the nodes serve the models the load runs (--models adds up)
load_args=()
previous=""
for arg in "$@"; do
  if [ "$arg" = "--tls" ]; then
    tls=true
  else
    load_args+=("$arg")
    [ "$previous" = "--output" ] && out="$arg"
    [ "$previous" = "--models" ] && models="$models${models:+,}$arg"
    case "$arg" in
      --output=*) out="${arg#--output=}" ;;
      --models=*) models="$models${models:+,}${arg#--models=}" ;;
    esac
  fi
  previous="$arg"
done
if [ "$(id -u)" != 0 ]; then
  echo "hosts.sh: needs root: it creates network namespaces, veth links and bridges with 'ip' (try: sudo $0 $n ...)" >&2
  exit 2
fi
command -v ip > /dev/null && ip netns list > /dev/null 2>&1 \
  || { echo "hosts.sh: needs 'ip' from iproute2 with network namespaces (ip netns)" >&2; exit 2; }
ensure_jar "$root"
cd "$root"
mkdir -p "$out"
out="$(cd "$out" && pwd)"

run="$(printf '%x' $$)$(od -An -N2 -tx1 /dev/urandom | tr -d ' \n')"
net="10.77.0"
switch="bb-$run-sw"
load_ns="bb-$run-load"
load_ip="$net.100"
hazelcast_port=5701
bus_port=5801
namespaces=()
node_pids=()
load_pid=""
certs=""

# stop PID...: SIGTERM to each, a bounded wait for all (a node leaves the cluster cleanly), then SIGKILL.
stop() {
  local pid deadline=$((SECONDS + 30))
  for pid in "$@"; do kill -TERM "$pid" 2> /dev/null || true; done
  for pid in "$@"; do
    while kill -0 "$pid" 2> /dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    kill -KILL "$pid" 2> /dev/null || true
    wait "$pid" 2> /dev/null || true
  done
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -n "$load_pid" ] && stop "$load_pid"
  [ ${#node_pids[@]} -gt 0 ] && stop "${node_pids[@]}"
  for ns in "${namespaces[@]}"; do ip netns del "$ns" 2> /dev/null || true; done
  [ -n "$certs" ] && rm -rf "$certs"
  echo "hosts.sh: removed run $run: ${#namespaces[@]} namespaces (${namespaces[*]}) and their links" >&2
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ns_add NAME: a namespace of this run, loopback up.
ns_add() {
  ip netns add "$1"
  namespaces+=("$1")
  ip -n "$1" link set lo up
}
# plug NS PORT IP: a veth from the bridge br0 (port PORT, in the switch) to eth0 in NS, with address IP.
plug() {
  ip -n "$switch" link add "$2" type veth peer name eth0 netns "$1"
  ip -n "$switch" link set "$2" master br0 up
  ip -n "$1" addr add "$3/24" dev eth0
  ip -n "$1" link set eth0 up
}

ns_add "$switch"
ip -n "$switch" link add br0 type bridge
ip -n "$switch" link add br1 type bridge        # where the minority's ports go while the network is cut
ip -n "$switch" link set br0 up
ip -n "$switch" link set br1 up
members=""
for i in $(seq 1 "$n"); do
  ns_add "bb-$run-h$i"
  plug "bb-$run-h$i" "h$i" "$net.$((10 + i))"
  members="$members${members:+,}$net.$((10 + i)):$hazelcast_port"
done
ns_add "$load_ns"
plug "$load_ns" load "$load_ip"

minority=$([ "$n" = 3 ] && echo "3" || echo "4 5")
majority=$([ "$n" = 3 ] && echo "1 2" || echo "1 2 3")
control="$out/network-$run.sh"
{
  echo "#!/bin/sh"
  echo "# Written by scripts/hosts.sh for run $run: 'cut' moves hosts $minority to a bridge of their own, 'heal' back."
  echo "set -e"
  echo "case \"\$1\" in"
  echo "  cut) for h in $minority; do ip -n $switch link set h\$h master br1; done"
  echo "       echo \"hosts $minority ($(for h in $minority; do printf '%s ' "$net.$((10 + h))"; done| sed 's/ $//')) cut off from hosts $majority and the load\" ;;"
  echo "  heal) for h in $minority; do ip -n $switch link set h\$h master br0; done"
  echo "        echo \"hosts $minority joined again\" ;;"
  echo "  *) echo \"usage: \$0 cut|heal\" >&2; exit 2 ;;"
  echo "esac"
} > "$control"
chmod 700 "$control"

tls_node=()
tls_load=()
if $tls; then
  certs="$out/certs-$run"
  ips="$load_ip"
  for i in $(seq 1 "$n"); do ips="$ips,$net.$((10 + i))"; done
  names=(load)
  for i in $(seq 1 "$n"); do names+=("node-$i"); done
  "$root/scripts/gen-certs.sh" --ip "$ips" "$certs" "${names[@]}" >&2
  tls_load=(--tls-dir "$certs")
fi

cluster="bankbus-hosts-$run"
shards=8
echo "hosts.sh: run $run: $n hosts ${net}.11-$((10 + n)) and the load at $load_ip; cluster $cluster; logs in $out" >&2
for i in $(seq 1 "$n"); do
  from=$(((i - 1) * shards / n))
  to=$((i * shards / n - 1))
  $tls && tls_node=(--tls-dir "$certs" --tls-name "node-$i")
  own="$from-$to"                               # ledger shards only where message passing is served
  case ",${models:-message-passing}," in *,message-passing,*) ;; *) own=none ;; esac
  ip netns exec "bb-$run-h$i" java "-Xmx${BANKBUS_NODE_HEAP:-384m}" -jar "$jar" node --cluster-name "$cluster" \
    --interface "$net.$((10 + i))" --port "$hazelcast_port" --event-bus-port "$bus_port" --members "$members" \
    --expected-nodes "$n" --models "${models:-message-passing,shared-state,unlocked-shared-state}" --shards "$shards" \
    --own-shards "$own" ${tls_node[@]+"${tls_node[@]}"} > "$out/node-$i.log" 2>&1 &
  node_pids+=($!)
done
deadline=$((SECONDS + 120))
for i in $(seq 1 "$n"); do
  until grep -q " ready: " "$out/node-$i.log" 2> /dev/null; do
    if ! kill -0 "${node_pids[$((i - 1))]}" 2> /dev/null; then
      echo "hosts.sh: node $i exited before it was ready; see $out/node-$i.log" >&2
      exit 3
    fi
    [ $SECONDS -lt $deadline ] || { echo "hosts.sh: node $i not ready after 120 s; see $out/node-$i.log" >&2; exit 3; }
    sleep 0.5
  done
done
echo "hosts.sh: $n nodes ready (PIDs ${node_pids[*]}); the load runs in $load_ns" >&2

ip netns exec "$load_ns" java "-Xmx${BANKBUS_LOAD_HEAP:-512m}" -jar "$jar" load --nodes 0 --cluster-name "$cluster" \
  --members "$members" --interface "$load_ip" --network-control "$control" --output "$out" \
  ${tls_load[@]+"${tls_load[@]}"} ${load_args[@]+"${load_args[@]}"} &
load_pid=$!
set +e
wait "$load_pid"
rc=$?
set -e
load_pid=""
exit "$rc"
