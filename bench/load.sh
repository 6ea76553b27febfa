#!/usr/bin/env bash
# Load, side by side: the tracker's place page, state page, a filtered browse and a text
# search at 64 and 256 connections while writes go on, the same place view served by
# Datasette from the public SQLite download, and a static axum response of the same bytes as
# the ceiling. Prints requests/s, p50/p99, the ratios, and the server's peak memory.
# Usage: bash bench/load.sh [DEALS]   (BENCH_DB=path reuses a seeded database)
DEALS=${1:-100000}
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cargo build --release --bin static-ceiling >/dev/null 2>&1
seeded_database "$DEALS" >&2
printf 'load benchmark passphrase\n' | ./target/release/tracker user add "bench_writer_$$" --role moderator >/dev/null
start_server
place="/places/va/arlington-county"

# A writer: a moderator records a deal every 200 ms while the load runs (each write also
# empties the page cache, so pages are rendered again several times a second).
cookie=$(curl -s -o /dev/null -D - -X POST "$base/login" --data-urlencode "handle=bench_writer_$$" --data-urlencode "password=load benchmark passphrase" \
  | awk -F'[ ;]' 'tolower($1)=="set-cookie:" {print $2}')
writer() {
  local i=0
  while true; do
    i=$((i+1))
    curl -s -o /dev/null -X POST "$base/deals/new" -H "cookie: $cookie" --data-urlencode "title=Load writer deal $i" \
      --data-urlencode "jurisdiction=Arlington County, VA" -d "jurisdiction_id=&entity_id=2&kind=cloud_contract&status=active" \
      --data-urlencode "amount=\$1,000,000" -d "value_basis=maximum&approved=2024&source_url=https%3A%2F%2Fexample.org%2Fw&not_duplicate=1"
    sleep 0.2
  done
}

run() { # name url connections
  curl -s -o /dev/null "$2"
  local out; out=$(wrk -t2 -c"$3" -d10s --timeout 10s --latency "$2")
  local rps p50 p99 errs
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errs=$(grep -E "Non-2xx|Socket errors" <<<"$out" | tr '\n' ' ' || true)
  printf '%-34s c=%-4s %10s req/s   p50 %8s   p99 %8s   %s\n' "$1" "$3" "$rps" "$p50" "$p99" "$errs" >&2
  echo "$rps"
}

echo "== tracker, no writes" >&2
quiet_place=$(run "place page (no writes)" "$base$place" 64)
writer & pids+=($!)
echo "== tracker, with a write every 200 ms" >&2
for c in 64 256; do
  p=$(run "place page" "$base$place" $c); [ $c = 64 ] && place64=$p
  run "state page" "$base/places/va" $c >/dev/null
  run "filtered browse" "$base/deals?state=va&kind=tax_abatement" $c >/dev/null
  run "text search" "$base/deals?q=data+center" $c >/dev/null
done
kill "${pids[-1]}" 2>/dev/null || true
rss=$(awk '/VmHWM/ {print $2, $3}' "/proc/$server/status")
anon=$(awk '/RssAnon/ {print $2, $3}' "/proc/$server/status")
file=$(awk '/RssFile/ {print $2, $3}' "/proc/$server/status")
echo "tracker peak memory (VmHWM): $rss; at the end $anon of its own (RssAnon) and $file of database file mapped by SQLite's connections (RssFile: the operating system's file cache, counted once per connection that maps it)" >&2

echo "== ceiling: static axum, same bytes" >&2
curl -s "$base$place" >"$work/page.html"
sport=$(free_port)
./target/release/static-ceiling "127.0.0.1:$sport" "$work/page.html" & pids+=($!)
sleep 1
static=$(run "static axum (same page bytes)" "http://127.0.0.1:$sport/" 64)

echo "== Datasette on the public download, the same place's deals" >&2
curl -s -o "$work/public.sqlite" "$base/downloads/tracker-public.sqlite"
if [ ! -x "$work/venv/bin/datasette" ]; then
  python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q datasette >/dev/null 2>&1 || echo "datasette could not be installed" >&2
fi
ds=""
if [ -x "$work/venv/bin/datasette" ]; then
  jid=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute(\"select id from jurisdictions where geoidfq='0500000US51013'\").fetchone()[0])" "$work/public.sqlite")
  dport=$(free_port)
  "$work/venv/bin/datasette" serve "$work/public.sqlite" -p "$dport" --setting sql_time_limit_ms 10000 >/dev/null 2>&1 & pids+=($!)
  for _ in $(seq 1 30); do curl -fsS "http://127.0.0.1:$dport/" >/dev/null 2>&1 && break; sleep 1; done
  ds=$(run "datasette: deals of that place" "http://127.0.0.1:$dport/public/deals?jurisdiction_id=$jid" 64)
fi
python3 - "$place64" "$static" "$ds" "$quiet_place" <<'PY' >&2
import sys
num = lambda s: float(s.rstrip('k')) * (1000 if s.endswith('k') else 1) if s else 0.0
place, static, ds, quiet = map(num, sys.argv[1:])
print(f"place page with writes: {place:,.0f} req/s = {place/static*100:.0f}% of static axum ({static:,.0f} req/s)")
print(f"place page without writes: {quiet:,.0f} req/s = {quiet/static*100:.0f}% of static axum")
if ds:
    print(f"place page = {place/ds:.0f}x Datasette's view of the same deals ({ds:,.0f} req/s)")
PY
echo "reproduce: bash bench/load.sh $DEALS (BENCH_DB=… to reuse a database)" >&2
