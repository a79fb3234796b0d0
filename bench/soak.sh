#!/usr/bin/env bash
# Soak: `epoll4j serve` for a long while under 19,000 idle keep-alive connections, slowloris,
# resets and pipelined and plain wrk load at once; reports the server's live heap, RSS and fd
# count before the load, when it is all on, at its end, and after the clients are gone.
#
#   bench/soak.sh                 # 10 minutes (600 s)
#   bench/soak.sh --seconds 120   # a shortened run
#   bench/soak.sh --idle 10000 --slowloris 50 --resets-per-s 50 --threads 1
#
# Flat means: heap and RSS at the end near the start (no growth with time), and the fd count
# back to the baseline once the clients are gone. Installs wrk and python3 (Debian packages,
# through scripts/need.sh) when missing; builds the jars through ./epoll4j.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds=600 idle=19000 slowloris=100 resets=100 threads=2 heap=256m
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --slowloris) slowloris=$2; shift 2 ;;
    --resets-per-s) resets=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "soak.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done

"$root/scripts/need.sh" wrk:wrk python3:python3 ss:iproute2
# shellcheck source=../scripts/find-java.sh
. "$root/scripts/find-java.sh"
java="$(find_java)"
jcmd="$(dirname "$java")/jcmd"
ulimit -n "$(ulimit -Hn)"

work="$(mktemp -d /tmp/epoll4j-soak.XXXXXX)"
server_pid="" clients_pid="" wrk_pids=()
cleanup() {
  for p in "${wrk_pids[@]}" $clients_pid $server_pid; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir "$work/www"
head -c $((4 << 20)) /dev/urandom >"$work/www/big.bin"
head -c 4096 /dev/urandom >"$work/www/small.bin"

EPOLL4J_JAVA_OPTS="-Xmx$heap" "$root/epoll4j" serve --port 0 --threads "$threads" --root "$work/www" \
  >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
for _ in $(seq 1 600); do
  grep -q 'http://' "$work/server.out" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "soak.sh: the server did not start:" >&2; cat "$work/server.err" >&2; exit 1; }
  sleep 0.2
done
port="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.out" | head -1 | sed 's/.*://')"
[[ -n $port ]] || { echo "soak.sh: no port in: $(cat "$work/server.out")" >&2; exit 1; }

# live heap (after the full GC a class histogram forces), RSS and fd count of the server
sample() {
  local live rss fds
  live="$("$jcmd" "$server_pid" GC.class_histogram 2>/dev/null | awk '/^Total/ {print $3}')"
  rss="$(awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status")"
  fds="$(find "/proc/$server_pid/fd" -mindepth 1 -maxdepth 1 | wc -l)"
  awk -v what="$1" -v live="$live" -v rss="$rss" -v fds="$fds" 'BEGIN {
    printf "%-10s live heap %7.1f MB   RSS %7.1f MB   fds %6d\n", what, live / 1048576, rss / 1024, fds }'
}

# warm up, then the baseline
wrk -t1 -c16 -d5s "http://127.0.0.1:$port/plaintext" >/dev/null
echo "epoll4j soak: port $port, $seconds s, $idle idle, $slowloris slowloris, $resets resets/s, $threads loops, -Xmx$heap"
sample baseline

python3 "$root/bench/soak/clients.py" "$port" "$seconds" --idle "$idle" --slowloris "$slowloris" \
  --resets-per-s "$resets" --file /big.bin >"$work/clients.out" 2>"$work/clients.err" &
clients_pid=$!
for _ in $(seq 1 600); do
  grep -q READY "$work/clients.out" 2>/dev/null && break
  kill -0 "$clients_pid" 2>/dev/null || { echo "soak.sh: the clients ended:" >&2; cat "$work/clients.err" >&2; exit 1; }
  sleep 0.5
done
grep READY "$work/clients.out"
started=$(date +%s)
left=$(( seconds - 60 > 20 ? seconds - 60 : 20 ))   # the clients' clock started with their ramp
wrk -t1 -c64 -d"${left}s" "http://127.0.0.1:$port/plaintext" >"$work/wrk-plain.out" 2>&1 &
wrk_pids+=($!)
wrk -t1 -c32 -d"${left}s" -s "$root/bench/lua/pipeline.lua" "http://127.0.0.1:$port/plaintext" -- 16 \
  >"$work/wrk-pipelined.out" 2>&1 &
wrk_pids+=($!)
wrk -t1 -c8 -d"${left}s" "http://127.0.0.1:$port/small.bin" >"$work/wrk-file.out" 2>&1 &
wrk_pids+=($!)
sleep 10
sample start
sleep $(( left - 20 > 1 ? left - 20 : 1 ))
sample end
wait "${wrk_pids[@]}" || true
wrk_pids=()
wait "$clients_pid" || true
clients_pid=""
# wait (at most 150 s) until the server holds no connection: the clients have closed theirs,
# and it closes what is left half-open within its own timeouts (10 s head, 120 s idle)
for _ in $(seq 1 150); do
  [[ $(ss -Htn state established "( sport = :$port )" | wc -l) -eq 0 ]] && break
  sleep 1
done
sample after
echo "ran $(( $(date +%s) - started )) s under full load"
echo "--- clients";           grep SOAK "$work/clients.out" || tail -3 "$work/clients.err"
echo "--- wrk /plaintext";    grep -E 'Requests/sec|requests in|Socket errors|Non-2xx' "$work/wrk-plain.out" || true
echo "--- wrk pipelined 16";  grep -E 'BENCH requests|Requests/sec|Socket errors|Non-2xx' "$work/wrk-pipelined.out" || true
echo "--- wrk /small.bin";    grep -E 'Requests/sec|requests in|Socket errors|Non-2xx' "$work/wrk-file.out" || true
if [[ -s "$work/server.err" ]]; then echo "--- server stderr"; tail -20 "$work/server.err"; fi
