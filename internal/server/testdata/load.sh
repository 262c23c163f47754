#!/usr/bin/env bash
# Load test of the server on loopback, bounded in time: /api/search with
# varied queries and facets, then /healthz as the machine's ceiling. wrk
# runs on the same 2 cores as the server, as the issue asks.
# Usage: load.sh BIN INDEX [SECONDS] [CONNECTIONS]
set -euo pipefail
bin=$1 index=$2 secs=${3:-20} conns=${4:-32}
here=$(cd "$(dirname "$0")" && pwd)
addr=127.0.0.1:18089
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }

"$bin" serve --index "$index" --addr "$addr" --access-log=false >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://$addr/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

rss() { awk '/VmRSS|VmHWM/ {printf "%s %.1f MB  ", $1, $2/1024}' /proc/$pid/status; echo; }
echo "server pid $pid, before load: $(rss)"

run() { # name, wrk arguments
  local name=$1; shift
  echo "== $name: $conns connections, ${secs}s"
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$@")
  echo "$out" | grep -E "Requests/sec|Latency  |50%|99%|requests in|Non-2xx|Socket errors" | sed 's/^/   /'
  if echo "$out" | grep -qE "Non-2xx|Socket errors"; then echo "   ERRORS during $name" >&2; return 1; fi
}
run "/api/search (16 query and facet mixes)" -s "$here/search.lua" "http://$addr"
echo "after search load: $(rss)"
run "/healthz (ceiling)" "http://$addr/healthz"
echo "after all: $(rss)"
