#!/usr/bin/env bash
# Load and soak test of the server on loopback, bounded in time. wrk runs
# on the same cores as the server. Five runs:
#   1. /api/search, 16 query and facet mixes, 32 connections, SECS seconds;
#   1b. /api/search, distinct queries: every judged query of every set, with
#      its filters, on pages 1 to 3, and with a role filter added (no cache
#      could carry it), 32 connections, SECS seconds; then /healthz the same
#      way (one wrk thread, 32 connections), and the ratio of the two;
#   2. soak: a mix of every judged query (API, its second page of five,
#      and the HTML search page) and every clause page, 64 connections, SOAK seconds, after a warm-up,
#      with the server's memory before and after (growth above 20% fails);
#   3. /healthz, 64 connections, SECS seconds: the ceiling of the machine.
# Any non-2xx answer or socket error fails the run. wrk uses one thread for
# the search runs: one thread drives these connections at these rates with
# room to spare, and a second would only take processor time from the
# server it measures (p99 22-23 ms instead of 17 ms on 2 cores). The
# ceiling run uses two, to find the most the machine can answer.
# Usage: load.sh BIN INDEX [SECS] [SOAK]
set -euo pipefail
bin=$1 index=$2 secs=${3:-20} soak=${4:-60}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
addr=127.0.0.1:18089
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
work=$(mktemp -d)

"$bin" serve --index "$index" --addr "$addr" --access-log=false >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -fs "http://$addr/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

rss_kb() { awk '/VmRSS/ {print $2}' /proc/$pid/status; }
mb() { awk -v k="$1" 'BEGIN {printf "%.1f MB", k/1024}'; }

# The soak mix: each judged query with its filters, as an API call and as
# the HTML page, and every clause page (ids from the API, browsing).
awk '
  function flush() { if (q != "") print q "\t" f; q = ""; f = "" }
  /^- query:/ { flush(); q = $0; sub(/^- query: */, "", q); next }
  /^  (role|theme|kind|nature):/ {
    key = $1; sub(/:$/, "", key); v = $0; sub(/^[^:]*: */, "", v); gsub(/[][ ]/, "", v)
    n = split(v, vs, ","); for (j = 1; j <= n; j++) f = f "&" key "=" vs[j]
  }
  END { flush() }' "$root/content/queries.yaml" > "$work/queries.tsv"
while IFS=$'\t' read -r q f; do
  enc=$(printf '%s' "$q" | od -An -tx1 -v | tr -d ' \n' | sed 's/\(..\)/%\1/g')
  printf '/api/search?q=%s%s\n/api/search?q=%s%s&size=5&page=2\n/recherche?q=%s%s\n' "$enc" "$f" "$enc" "$f" "$enc" "$f"
done < "$work/queries.tsv" > "$work/paths.txt"
for page in 1 2 3 4 5; do
  curl -fs "http://$addr/api/search?size=50&page=$page" | grep -o '"url":"/clauses/[^"]*"' | sed 's/"url":"//; s/"$//'
done >> "$work/paths.txt" || true
sed -n 's#^  "\(/api/search[^"]*\)",*$#\1#p' "$here/search.lua" >> "$work/paths.txt"
n=$(wc -l < "$work/paths.txt")

# The distinct-query mix: every judged query of every set, pages 1 to 3,
# and the first page again restricted to a role.
awk '
  function flush() { if (q != "") print q "\t" f; q = ""; f = "" }
  /^- query:/ { flush(); q = $0; sub(/^- query: */, "", q); gsub(/^"|"$/, "", q); next }
  /^  (role|theme|kind|nature):/ {
    key = $1; sub(/:$/, "", key); v = $0; sub(/^[^:]*: */, "", v); gsub(/[][ ]/, "", v)
    n = split(v, vs, ","); for (j = 1; j <= n; j++) f = f "&" key "=" vs[j]
  }
  END { flush() }' "$root"/content/queries*.yaml > "$work/all-queries.tsv"
roles=(enseignant cpe aesh aed psyen administratif direction)
i=0
while IFS=$'\t' read -r q f; do
  enc=$(printf '%s' "$q" | od -An -tx1 -v | tr -d ' \n' | sed 's/\(..\)/%\1/g')
  for page in 1 2 3; do printf '/api/search?q=%s%s&size=5&page=%s\n' "$enc" "$f" "$page"; done
  printf '/api/search?q=%s%s&role=%s\n' "$enc" "$f" "${roles[$((i % 7))]}"
  i=$((i + 1))
done < "$work/all-queries.tsv" | sort -u > "$work/distinct.txt"
nd=$(wc -l < "$work/distinct.txt")

run() { # name, threads, connections, seconds, wrk arguments
  local name=$1 threads=$2 conns=$3 s=$4; shift 4
  echo "== $name: $conns connections, ${s}s, $threads wrk thread(s)"
  out=$(wrk -t"$threads" -c"$conns" -d"${s}s" --latency "$@")
  echo "$out" | grep -E "Requests/sec|Latency  |50%|99%|requests in|Non-2xx|Socket errors" | sed 's/^/   /'
  if echo "$out" | grep -qE "Non-2xx|Socket errors"; then echo "   ERRORS during $name" >&2; return 1; fi
}

echo "server pid $pid, idle: $(mb "$(rss_kb)")"
run "/api/search, 16 query and facet mixes" 1 32 "$secs" -s "$here/search.lua" "http://$addr"
run "/api/search, $nd distinct queries (every judged query, pages 1-3, and with a role)" 1 32 "$secs" -s "$here/mix.lua" "http://$addr" -- "$work/distinct.txt"
search_rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
run "/healthz, measured the same way" 1 32 "$secs" "http://$addr/healthz"
health_rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
echo "   distinct-query throughput: $(awk -v a="$search_rps" -v b="$health_rps" 'BEGIN {printf "%.2f", a / b}') of /healthz in the same conditions"
run "warm-up, soak mix" 1 64 10 -s "$here/mix.lua" "http://$addr" -- "$work/paths.txt" >/dev/null
before=$(rss_kb)
run "soak: $n paths (judged queries as API, API page 2 and HTML, clause pages)" 1 64 "$soak" -s "$here/mix.lua" "http://$addr" -- "$work/paths.txt"
after=$(rss_kb)
growth=$(awk -v a="$after" -v b="$before" 'BEGIN {printf "%.0f", (a - b) * 100 / b}')
echo "   server RSS after warm-up $(mb "$before"), after soak $(mb "$after"): ${growth}% growth"
run "/healthz (ceiling)" 2 64 "$secs" "http://$addr/healthz"
echo "peak RSS: $(awk '/VmHWM/ {printf "%.1f MB", $2/1024}' /proc/$pid/status)"
if [ "$growth" -gt 20 ]; then echo "memory grew by ${growth}% during the soak (limit 20%)" >&2; exit 1; fi
