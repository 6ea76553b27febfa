#!/usr/bin/env bash
# Builds the site and serves it at http://127.0.0.1:3000 on the embedded SQLite database
# (data/tracker.db, created and migrated at start). Jurisdictions load on first start from
# data/places/ or, on the project's machines, ../shared/refdata.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/setup.sh
cargo leptos build --release
node scripts/precompress.js target/site >/dev/null
export LEPTOS_SITE_ROOT=target/site
exec ./target/release/tracker serve "$@"
