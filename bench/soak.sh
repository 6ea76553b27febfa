#!/usr/bin/env bash
# Soak: catches the rare page render that never finishes. For SECONDS (default 600) on a
# database of DEALS deals (default 100,000), 64 connections ask for a mix of pages rendered
# for signed-in people (never cached: deal pages, edit forms, the account page, the review
# queue, the deal form), public pages (place, state, list, search) and exports' first rows,
# while a moderator records a deal every 200 ms. Fails (exit 1) on any answer slower than
# 1 s, any 5xx, or any timeout, and prints the figures either way.
# Usage: bash bench/soak.sh [SECONDS] [DEALS]   (BENCH_DB=path reuses a seeded database)
SOAK_SECONDS=${1:-600}
DEALS=${2:-100000}
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
seeded_database "$DEALS" >&2
pw='soak benchmark passphrase'
for i in 1 2 3 4; do printf '%s\n' "$pw" | ./target/release/tracker user add "soak_reader_${i}_$$" >/dev/null; done
printf '%s\n' "$pw" | ./target/release/tracker user add "soak_mod_$$" --role moderator >/dev/null
start_server

login() { # handle → "name=value" of the session cookie
  curl -s -o /dev/null -D - -X POST "$base/login" --data-urlencode "handle=$1" --data-urlencode "password=$pw" \
    | awk -F'[ ;]' 'tolower($1)=="set-cookie:" {print $2}'
}
cookies=()
for i in 1 2 3 4; do cookies+=("$(login "soak_reader_${i}_$$")"); done
mod_cookie=$(login "soak_mod_$$")
ids=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(' '.join(str(r[0]) for r in c.execute('select id from deals where published=1 order by random() limit 40')))" "${DATABASE_URL#sqlite://}")

# The request mix, as wrk's Lua: each request picks a path and, for signed-in pages, a cookie.
lua="$work/soak.lua"
{
  echo 'local signed = {'
  for id in $ids; do echo "  '/deals/$id', '/deals/$id/edit', '/deals/$id/history',"; done
  echo "  '/account', '/deals/new', '/places/va/arlington-county', '/deals?state=va', }"
  echo 'local public = {'
  for id in $ids; do echo "  '/deals/$id',"; done
  echo "  '/', '/deals', '/places', '/places/va', '/places/va/arlington-county', '/places/tx/harris-county',"
  echo "  '/deals?state=va&kind=tax_abatement', '/deals?q=data+center', '/deals?q=ring&state=ca', '/deals.csv?state=vt', }"
  echo 'local cookies = {'
  for c in "${cookies[@]}"; do echo "  '$c',"; done
  echo "}"
  echo "local moderator = '$mod_cookie'"
  cat <<'LUA'
local n = 0
request = function()
  n = n + 1
  local r = math.random()
  if r < 0.35 then
    return wrk.format("GET", signed[math.random(#signed)], { ["Cookie"] = cookies[math.random(#cookies)] })
  elseif r < 0.38 then
    return wrk.format("GET", "/review", { ["Cookie"] = moderator })
  else
    return wrk.format("GET", public[math.random(#public)], { ["Accept-Encoding"] = "br, gzip" })
  end
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, 5xx-or-error %d, timeouts %d, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    summary.requests, summary.errors.status, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
LUA
} >"$lua"

writer() {
  local i=0
  while true; do
    i=$((i+1))
    curl -s -o /dev/null -X POST "$base/deals/new" -H "cookie: $mod_cookie" --data-urlencode "title=Soak writer deal $i" \
      --data-urlencode "jurisdiction=Arlington County, VA" -d "jurisdiction_id=&entity_id=2&kind=cloud_contract&status=active" \
      --data-urlencode "amount=\$1,000,000" -d "value_basis=maximum&approved=2024&source_url=https%3A%2F%2Fexample.org%2Fsoak&not_duplicate=1"
    sleep 0.2
  done
}
writer & pids+=($!)
echo "== soak: ${SOAK_SECONDS}s, 64 connections, $DEALS deals, a write every 200 ms" >&2
out=$(wrk -t2 -c64 -d"${SOAK_SECONDS}s" --timeout 5s --latency -s "$lua" "$base")
kill "${pids[-1]}" 2>/dev/null || true
echo "$out" >&2
line=$(grep '^requests ' <<<"$out")
writes=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(\"select count(*) from deals where title like 'Soak writer deal %'\").fetchone()[0])" "${DATABASE_URL#sqlite://}")
rss=$(awk '/VmHWM/ {print $2, $3}' "/proc/$server/status")
echo "writes recorded: $writes; server peak memory (VmHWM): $rss" >&2
python3 - "$line" <<'PY'
import re, sys
m = re.search(r"requests (\d+), 5xx-or-error (\d+), timeouts (\d+), p50 ([\d.]+) ms, p99 ([\d.]+) ms, max ([\d.]+) ms", sys.argv[1])
if not m:
    print("soak: could not read wrk's figures"); sys.exit(1)
requests, errors, timeouts = map(int, m.group(1, 2, 3))
p50, p99, worst = map(float, m.group(4, 5, 6))
print(f"soak: {requests:,} requests, p50 {p50} ms, p99 {p99} ms, max {worst} ms, {errors} errors, {timeouts} timeouts")
if errors or timeouts or worst > 1000:
    print("soak FAILED: an answer took over 1 s, or failed"); sys.exit(1)
print("soak passed: no answer over 1 s, no 5xx, no timeout")
PY
echo "reproduce: bash bench/soak.sh $SOAK_SECONDS $DEALS (BENCH_DB=… to reuse a database)" >&2
