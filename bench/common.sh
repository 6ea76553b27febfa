# Shared by the benchmark scripts (sourced, not run): the release build, a scratch folder,
# a database with the real jurisdictions (and DEALS seeded deals, or BENCH_DB reused), and a
# server on a free port. Each function says what it sets.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
[ -n "${BENCH_PREBUILT:-}" ] || cargo leptos build --release >/dev/null 2>&1
node scripts/precompress.js target/site >/dev/null
refdata=../shared/refdata; [ -d "$refdata" ] || refdata=data/places
work=$(mktemp -d)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Sets DATABASE_URL: BENCH_DB when given, else a new database with DEALS seeded deals.
seeded_database() {
  if [ -n "${BENCH_DB:-}" ]; then
    export DATABASE_URL="sqlite://$BENCH_DB"
  else
    [ -n "${BENCH_PREBUILT:-}" ] || cargo build --package=tracker --bin=tracker-seed --no-default-features --release >/dev/null 2>&1
    export DATABASE_URL="sqlite://$work/bench.db"
    echo "== load jurisdictions"; ./target/release/tracker places load "$refdata" | tail -1
    echo "== seed"; ./target/release/tracker-seed "$1" 2>/dev/null | tail -1
  fi
  echo "database: $DATABASE_URL"
}

# Starts the release server on DATABASE_URL; sets server (its pid) and base (its URL).
start_server() {
  local port; port=$(free_port)
  LEPTOS_SITE_ROOT=target/site TRACKER_RATE_LIMITS="login=0,login_account=0,signup=0,submit=0,edit=0,flag=0,password=0" TRACKER_PLACES_DIR="$refdata" \
    ./target/release/tracker serve --addr "127.0.0.1:$port" >>"$work/server.log" 2>&1 &
  server=$!
  pids+=("$server")
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 60); do curl -fsS "$base/healthz" >/dev/null 2>&1 && return; sleep 1; done
  echo "the server did not start; see $work/server.log" >&2
  return 1
}
