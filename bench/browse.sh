#!/usr/bin/env bash
# Browse, search and export benchmark on a realistic data set (issue: council watchers).
#   bash bench/browse.sh [DEALS]        (default 100000)
# Builds the release server, loads the real jurisdictions from ../shared/refdata (or
# data/places), seeds DEALS published deals, serves them, and prints:
#   browse and filtered-browse p50/p99 and requests/s at 64 connections (wrk, same machine),
#   full-text search p95 over a fixed set of queries, CSV export rows/s.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
DEALS=${1:-100000}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo leptos build --release >/dev/null 2>&1
cargo build --release --bin tracker-seed >/dev/null 2>&1
refdata=../shared/refdata; [ -d "$refdata" ] || refdata=data/places
work=$(mktemp -d)
if [ -n "${BENCH_DB:-}" ]; then
  # Reuse a database seeded by an earlier run (its path is printed below).
  export DATABASE_URL="sqlite://$BENCH_DB"
else
  export DATABASE_URL="sqlite://$work/bench.db"
  echo "== load jurisdictions"; ./target/release/tracker places load "$refdata" | tail -1
  echo "== seed"; ./target/release/tracker-seed "$DEALS" 2>/dev/null
fi
echo "database: $DATABASE_URL"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
LEPTOS_SITE_ROOT=target/site TRACKER_RATE_LIMITS="login=0,signup=0,submit=0,edit=0,flag=0" \
  ./target/release/tracker serve --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 1; done
base="http://127.0.0.1:$port"

load() { # name path
  curl -s -o /dev/null "$base$2"  # the first request computes the view's facet counts
  local out; out=$(wrk -t2 -c64 -d10s --latency "$base$2")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  local errs; errs=$(grep -E "Non-2xx|Socket errors" <<<"$out" || true)
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   %s\n' "$1" "$rps" "$p50" "$p99" "$errs"
}
echo "== load: 64 connections, 2 threads, 10 s each (wrk on the same 2-core machine)"
load "browse /deals" "/deals"
load "filtered browse" "/deals?state=va&kind=tax_abatement"
load "filtered browse, 3 filters" "/deals?state=ca&kind=cloud_contract&from=2020&disclosed=yes"
load "place page" "/places/va/arlington-county"
load "state page" "/places/va"

echo "== full-text search: 12 queries x 5, one at a time (the first of each is rendered, the rest come from the page cache)"
# One search first, not measured: the server has just started and its file pages are cold.
curl -s -o /dev/null "$base/deals?q=county"
cold=(); warm=()
for q in abatement "data center" ring govcloud "project rex" police warehouse "cooperative purchasing" "fulfillment center" minutes incentive "sales tax"; do
  for i in 1 2 3 4 5; do
    t=$(curl -s -o /dev/null -w '%{time_total} %{http_code}' --get --data-urlencode "q=$q" "$base/deals")
    if [ "$i" = 1 ]; then cold+=("${t% *}"); first="$t"; else warm+=("${t% *}"); fi
  done
  printf '  %-24s first %6.1f ms (HTTP %s), then %6.1f ms\n' "$q" "$(python3 -c "print(${first% *}*1000)")" "${first#* }" "$(python3 -c "print(${t% *}*1000)")"
done
pct() { python3 -c "
import sys; t=sorted(float(x)*1000 for x in sys.stdin)
p=lambda q: t[min(len(t)-1,int(q*len(t)))]
print(f'$1: p50 {p(.5):.1f} ms   p95 {p(.95):.1f} ms   max {t[-1]:.1f} ms   ({len(t)} requests)')"; }
printf '%s\n' "${cold[@]}" | pct "search, first time"
printf '%s\n' "${warm[@]}" | pct "search, repeated"
printf '%s\n' "${cold[@]}" "${warm[@]}" | pct "search, all"

echo "== CSV export of every deal"
start=$(date +%s.%N)
rows=$(curl -s "$base/deals.csv" | wc -l)
end=$(date +%s.%N)
python3 -c "r=$rows-1; s=$end-$start; print(f'{r} rows in {s:.2f} s = {r/s:,.0f} rows/s')"
echo "== reproduce: bash bench/browse.sh $DEALS"
