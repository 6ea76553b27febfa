#!/usr/bin/env bash
# Browse, search and export benchmark on a realistic data set (issue: council watchers).
#   bash bench/browse.sh [DEALS]        (default 100000)
# Builds the release server, loads the real jurisdictions from ../shared/refdata (or
# data/places), seeds DEALS published deals, serves them, and prints:
#   browse and filtered-browse p50/p99 and requests/s at 64 connections (wrk, same machine),
#   full-text search p95 over a fixed set of queries, CSV export rows/s.
# SEARCH_ONLY=1 times the searches alone; SEARCH_ROUNDS (default 5) sets how many fresh
# server starts the searches are timed on; BENCH_DB=file reuses a seeded database.
DEALS=${1:-100000}
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
seeded_database "$DEALS"
start_server

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
if [ -z "${SEARCH_ONLY:-}" ]; then
echo "== load: 64 connections, 2 threads, 10 s each (wrk on the same 2-core machine)"
load "browse /deals" "/deals"
load "filtered browse" "/deals?state=va&kind=tax_abatement"
load "filtered browse, 3 filters" "/deals?state=ca&kind=cloud_contract&from=2020&disclosed=yes"
load "place page" "/places/va/arlington-county"
load "state page" "/places/va"
fi

ROUNDS=${SEARCH_ROUNDS:-5}
# Searches with another filter too (a state, a place, a kind), first time each.
narrowed=("q=data+center&state=va" "q=ring&kind=police_partnership" "q=abatement&state=tx" "q=sales+tax&place=va/arlington-county" "q=warehouse&state=ca&sort=amount" "q=minutes&kind=tax_abatement")
echo "== full-text search: 12 queries x 5, one at a time, in $ROUNDS rounds each on a freshly started server,"
echo "   then ${#narrowed[@]} searches with another filter once each"
echo "   (the first of each query is rendered; the rest come from the page cache)"
queries=(abatement "data center" ring govcloud "project rex" police warehouse "cooperative purchasing" "fulfillment center" minutes incentive "sales tax")
cold=(); warm=(); newest=(); answered=(); refused=(); filtered=()
declare -A firsts
for round in $(seq 1 "$ROUNDS"); do
  if [ "$round" -gt 1 ]; then kill "$server"; wait "$server" 2>/dev/null || true; start_server; fi
  # A search in each order first, not measured: the server has just started, its code and
  # connections are cold, and it is reading the facts searches tally (the first answered
  # search waits for them). A server that has been up a while has all that behind it.
  curl -s -o /dev/null "$base/deals?q=school+district"
  curl -s -o /dev/null "$base/deals?q=school+district&sort=newest"
  for q in "${queries[@]}"; do
    for i in 1 2 3 4 5; do
      # As a browser asks: compressed.
      t=$(curl -s -o /dev/null --compressed -w '%{time_total} %{http_code}' --get --data-urlencode "q=$q" "$base/deals")
      if [ "$i" = 1 ]; then
        cold+=("${t% *}"); firsts[$q]+="${t% *} ${t#* } "
        if [ "${t#* }" = 200 ]; then answered+=("${t% *}"); else refused+=("${t% *}"); fi
      elif [ "${t#* }" = 200 ]; then warm+=("${t% *}")  # a refusal is not kept: its repeats aren't cache answers
      fi
    done
    # The same search listed newest first instead of best match first (its counts are cached).
    t=$(curl -s -o /dev/null --compressed -w '%{time_total} %{http_code}' --get --data-urlencode "q=$q" --data-urlencode "sort=newest" "$base/deals")
    if [ "${t#* }" = 200 ]; then newest+=("${t% *}"); fi
  done
  for v in "${narrowed[@]}"; do
    filtered+=("$(curl -s -o /dev/null --compressed -w '%{time_total}' "$base/deals?$v")")
  done
done
for q in "${queries[@]}"; do
  python3 -c "
import sys; v=sys.argv[2].split(); t=sorted(float(x)*1000 for x in v[0::2]); codes=sorted(set(v[1::2]))
print(f'  {sys.argv[1]:<24} first time: median {t[len(t)//2]:6.1f} ms, max {t[-1]:6.1f} ms (HTTP {\",\".join(codes)})')" "$q" "${firsts[$q]}"
done
pct() { python3 -c "
import sys; t=sorted(float(x)*1000 for x in sys.stdin)
p=lambda q: t[min(len(t)-1,int(q*len(t)))]
print(f'$1: p50 {p(.5):.1f} ms   p95 {p(.95):.1f} ms   max {t[-1]:.1f} ms   ({len(t)} requests)')"; }
printf '%s\n' "${cold[@]}" | pct "search, first time"
printf '%s\n' "${answered[@]}" | pct "  of which answered (200)"
[ ${#refused[@]} -eq 0 ] || printf '%s\n' "${refused[@]}" | pct "  of which refused as too broad (422)"
printf '%s\n' "${warm[@]}" | pct "search, repeated (answered, kept)"
printf '%s\n' "${cold[@]}" "${warm[@]}" | pct "search, all"
printf '%s\n' "${newest[@]}" | pct "search, newest first (answered)"
printf '%s\n' "${filtered[@]}" | pct "search with a state, place or kind, first time (${#narrowed[@]} queries)"

[ -n "${SEARCH_ONLY:-}" ] && exit 0
echo "== CSV export of every deal"
start=$(date +%s.%N)
rows=$(curl -s "$base/deals.csv" | wc -l)
end=$(date +%s.%N)
python3 -c "r=$rows-1; s=$end-$start; print(f'{r} rows in {s:.2f} s = {r/s:,.0f} rows/s')"
echo "== reproduce: bash bench/browse.sh $DEALS"
