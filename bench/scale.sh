#!/usr/bin/env bash
# Scale benchmark (issue 18): how the site does with DEALS deals (default 1,000,000).
#   bash bench/scale.sh [DEALS]
# Generates DEALS deals over the real jurisdictions with varied text (tracker-deals-csv),
# imports them as a moderator would (`tracker import --partial`), and prints on this machine:
#   the import's rate and peak memory, and a one-row import into the full database;
#   the server's start to ready;
#   first renders with the cache cold (each right after a write) of the home page, the places
#   index, a state, a county, /deals plain, with one, two and three filters, sorted by amount;
#   40+ searches, first time each (how many were refused);
#   a moderator's deal saved through the form;
#   a place page at 64 connections while a moderator saves a deal every 200 ms, and the
#   server's memory under that load.
# BENCH_DB=path reuses an imported database (the import figures are then skipped);
# BENCH_PREBUILT=1 skips the builds. Minutes on 2 cores at a million deals; not run by CI.
DEALS=${1:-1000000}
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# The flags cargo-leptos builds the server with, so the two builds share what they compile.
[ -n "${BENCH_PREBUILT:-}" ] || cargo build --package=tracker --bin=tracker-deals-csv --no-default-features --release >/dev/null 2>&1
pw='scale benchmark passphrase'

if [ -n "${BENCH_DB:-}" ]; then
  export DATABASE_URL="sqlite://$BENCH_DB"
else
  export DATABASE_URL="sqlite://$work/scale.db"
  echo "== load jurisdictions"; ./target/release/tracker places load "$refdata" | tail -1
  printf '%s\n' "$pw" | ./target/release/tracker user add scale_bot --role moderator >/dev/null
  echo "== generate $DEALS deals"
  ./target/release/tracker-deals-csv "$DEALS" >"$work/deals.csv"
  echo "== import"
  /usr/bin/time -v ./target/release/tracker import "$work/deals.csv" --partial --allow-duplicates --as scale_bot \
    >"$work/import.log" 2>"$work/import.time"
  tail -1 "$work/import.log"
  awk -F': ' '/Maximum resident/ {printf "import peak memory (max RSS): %.0f MB\n", $2/1024}' "$work/import.time"
  rm -f "$work/deals.csv"
fi
echo "database: $DATABASE_URL ($(du -m "${DATABASE_URL#sqlite://}" | cut -f1) MB)"
# The figures are of a server whose files are in the operating system's cache, as they are
# once it has run a while. Some machines hand idle cached pages back (this one's kernel
# reclaims them within minutes), and the first reads after that wait on the disk: read the
# database and the search index once before measuring (BENCH_COLD=1 skips this).
if [ -z "${BENCH_COLD:-}" ]; then
  db_file=${DATABASE_URL#sqlite://}
  cat "$db_file" "$db_file-wal" "$(dirname "$db_file")"/search/* >/dev/null 2>&1 || true
fi
./target/release/tracker user add scale_mod_$$ --role moderator <<<"$pw" >/dev/null

echo "== one-row import into the full database, process start included"
printf '%s\n' 'external_id,title,kind,status,government,government_kind,state,geoidfq,entity,amount_usd,amount_disclosed,value_basis,approved,source_urls' \
  "one-$$,One more cloud contract,cloud_contract,active,Arlington County,county,VA,0500000US51013,\"Amazon Web Services, Inc.\",1000.00,yes,maximum,2024,https://example.org/one-$$" >"$work/one.csv"
/usr/bin/time -f '%e s, max RSS %M KB' ./target/release/tracker import "$work/one.csv" --as "scale_mod_$$" 2>&1 | tail -2

had_index=$([ -f "$(dirname "${DATABASE_URL#sqlite://}")/search/meta.json" ] && echo 1 || true)
started=$(date +%s.%N)
start_server
echo "== start to ready: $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f} s')" "$started" "$(date +%s.%N)")"

if [ -z "$had_index" ]; then
  echo "== the search index, built in the background from the database (new index folder)"
  for _ in $(seq 1 1200); do grep -q "search index built" "$work/server.log" && break; sleep 1; done
  grep "search index built" "$work/server.log" | tail -1 | sed 's/.*INFO //'
fi

# The facts for filtered views are read once after start (seconds at a million deals); the
# figures below are of a server that has done that, as every server does within a minute.
curl -s -o /dev/null -w "== first filtered view after start (reads the facts): %{time_total} s\n" "$base/deals?kind=cloud_contract&status=active"

cookie=$(curl -s -o /dev/null -D - -X POST "$base/login" --data-urlencode "handle=scale_mod_$$" --data-urlencode "password=$pw" \
  | awk -F'[ ;]' 'tolower($1)=="set-cookie:" {print $2}')
n=0
save() { # a moderator's deal through the form; prints its time in ms
  n=$((n+1))
  curl -s -o /dev/null -w '%{time_total}\n' -X POST "$base/deals/new" -H "cookie: $cookie" \
    --data-urlencode "title=Scale benchmark deal $n $$" --data-urlencode "jurisdiction=Arlington County, VA" \
    -d "jurisdiction_id=&entity_id=2&kind=cloud_contract&status=active" --data-urlencode "amount=\$1,000,000" \
    -d "value_basis=maximum&approved=2024&source_url=https%3A%2F%2Fexample.org%2Fscale&not_duplicate=1" \
    | awk '{printf "%.1f\n", $1 * 1000}'
}
stats() { # label, then times in ms on stdin → p50 p95 max
  sort -n | awk -v label="$1" '{v[NR]=$1} END {if (NR==0) exit; i50=int(NR*0.5+0.5); i95=int(NR*0.95+0.5); if (i95<1) i95=1;
    printf "%-36s n=%-3d p50 %8.1f ms   p95 %8.1f ms   max %8.1f ms\n", label, NR, v[i50], v[i95], v[NR]}'
}

echo "== first render right after a write (10 writes per page; ms)"
pages=("/" "/places" "/places/tx" "/places/tx/harris-county" "/deals" "/deals?kind=tax_abatement"
  "/deals?state=tx&kind=tax_abatement" "/deals?state=ca&kind=cloud_contract&from=2020" "/deals?sort=amount")
for p in "${pages[@]}"; do
  for _ in $(seq 1 10); do
    save >/dev/null
    curl -s -o /dev/null --compressed -w '%{time_total} %{http_code}\n' "$base$p" | awk '{printf "%.1f\n", $1 * 1000}'
  done | stats "$p"
done

echo "== searches, first time each (and after a write, so nothing is cached)"
queries=(abatement "data center" clawback janitorial "hotel tax" flock ring govcloud "project" council agreement
  approved amazon county public jobs "payment in lieu" "tax increment" warehouse "sales tax" minutes "police department"
  "fee waiver" "delivery station" "opportunity zone" "cloud hosting" "records request" privacy "camera footage"
  "fulfillment center" surveill abat "data cent" "council vote" "school district" cooperative piggyback "omnia partners"
  "revolving loan" "megasite program" "smart city" "job creation")
filters=("" "state=tx" "kind=tax_abatement" "state=ca&from=2018")
refused=0; : >"$work/search.ms"
i=0
for q in "${queries[@]}"; do
  i=$((i+1)); f=${filters[$((i % ${#filters[@]}))]}
  [ $((i % 10)) = 0 ] && save >/dev/null
  out=$(curl -s -o /dev/null --compressed -w '%{time_total} %{http_code}' --get --data-urlencode "q=$q" ${f:+-d "$f"} "$base/deals")
  [ "${out#* }" = 200 ] || refused=$((refused+1))
  awk -v t="${out% *}" 'BEGIN {printf "%.1f\n", t * 1000}' >>"$work/search.ms"
done
stats "searches (${#queries[@]})" <"$work/search.ms"
echo "searches not answered with 200: $refused of ${#queries[@]}"

echo "== a moderator's deal saved through the form (20; ms)"
for _ in $(seq 1 20); do save; done | stats "save a deal"

echo "== a place page at 64 connections, a write every 200 ms, 20 s"
writer() { while true; do save >/dev/null; sleep 0.2; done; }
writer & pids+=($!)
out=$(wrk -t2 -c64 -d20s --latency "$base/places/va/arlington-county")
kill "${pids[-1]}" 2>/dev/null || true
awk '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} END {printf "place page: %s req/s, p50 %s, p99 %s\n", r, p50, p99}' <<<"$out"
grep -E "Non-2xx|Socket errors" <<<"$out" || true
awk '/VmHWM/ {h=$2} /RssAnon/ {a=$2} END {printf "server RssAnon %.0f MB, peak RSS (VmHWM, file-backed pages included) %.0f MB\n", a/1024, h/1024}' "/proc/$server/status"
