#!/usr/bin/env bash
# Runs every test: unit and integration (cargo test), then end-to-end in Debian's Chromium
# against the release build. Installs what is missing first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
# One full run: incremental caches cost disk and time without paying back.
export CARGO_INCREMENTAL=0

if [ ! -x /usr/bin/chromium ]; then
  echo "==> installing Debian's chromium" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi
fi

# The calendar tests read the site's .ics files with an independent parser; the mail tests
# send to a real SMTP server (scripts/smtp_sink.py, on aiosmtpd).
missing=()
/usr/bin/python3 -c 'import icalendar' 2>/dev/null || missing+=(python3-icalendar)
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing Debian's ${missing[*]}" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${missing[@]}"; else sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}"; fi
fi

# The OCDS Data Review Tool's library checks the exports (server/tests/ocds.rs), in a
# virtual environment of its own under target/ (the standard comes from ../shared/ocds).
if [ ! -x target/cove/bin/libcoveocds ]; then
  echo "==> installing libcoveocds 0.17.0 into target/cove" >&2
  rm -rf target/cove
  python3 -m venv target/cove
  target/cove/bin/pip install -q --disable-pip-version-check "libcoveocds==0.17.0"
fi

echo "==> formatting and lints" >&2
# Each crate with its own features, never ssr and hydrate together; fuzz/ is left out.
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
cargo fmt --all --check
cargo clippy -p app --features ssr --all-targets -- -D warnings
cargo clippy -p tracker --all-targets -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

echo "==> unit and integration tests" >&2
# Bounded, so a stuck test fails the run instead of holding CI until its limit.
timeout 1500 cargo test -p app --features ssr
timeout 1500 cargo test -p tracker

# A machine short of disk (a CI run once stopped with "No space left on device" in the
# release build) needs none of the debug build from here on: it goes when under 15 GB is free.
avail_kb=$(df -Pk target | awk 'NR == 2 { print $4 }')
if [ "${avail_kb:-0}" -lt $((15 * 1024 * 1024)) ]; then
  echo "==> $((avail_kb / 1024)) MB free: removing the debug build (target/debug) before the release build" >&2
  rm -rf target/debug
fi

echo "==> building the release site" >&2
cargo leptos build --release
node scripts/precompress.js target/site >/dev/null

echo "==> end-to-end tests in Chromium" >&2
work=$(mktemp -d)
# A free port, so a server left running elsewhere can't answer for this one.
port=${E2E_PORT:-$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}
# The browser tests sign in as this moderator; the account lives only in this run's database.
printf 'moderator passphrase for tests\n' | DATABASE_URL="sqlite://$work/e2e.db" ./target/release/tracker user add e2e_moderator --role moderator
# A real SMTP server the site mails followers through; the browser tests read what it kept.
smtp_port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
export MAIL_DIR="$work/mail"
/usr/bin/python3 scripts/smtp_sink.py --port "$smtp_port" --dir "$MAIL_DIR" >"$work/smtp.log" 2>&1 &
sink=$!
LEPTOS_SITE_ROOT=target/site DATABASE_URL="sqlite://$work/e2e.db" TRACKER_PLACES_DIR=../shared/refdata \
  TRACKER_RATE_LIMITS="login=0,login_account=0,signup=0,submit=0,edit=0,flag=0,password=0,follow=0,upload=0" \
  TRACKER_SMTP_URL="smtp://127.0.0.1:$smtp_port" TRACKER_MAIL_FROM="Amazon Contract Tracker <alerts@tracker.example.org>" \
  TRACKER_PUBLIC_URL="http://127.0.0.1:$port" TRACKER_MAIL_RETRY_SECONDS=1 \
  ./target/release/tracker serve --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server $sink 2>/dev/null || true; wait $server $sink 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then break; fi
  if ! kill -0 $server 2>/dev/null; then cat "$work/server.log"; echo "server exited" >&2; exit 1; fi
  sleep 1
done
(cd end2end && BASE_URL="http://127.0.0.1:$port" npx playwright test)
