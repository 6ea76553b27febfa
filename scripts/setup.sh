#!/usr/bin/env bash
# Installs what building the app needs, only when missing. Safe to run again.
# Sourced by run.sh and test.sh; also runnable on its own.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '==> %s\n' "$*" >&2; }

# The wasm target for the islands.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# cargo-leptos 0.3.10 is the newest that builds on rustc 1.95 (about 15 minutes, once).
if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos 0.3.10" ]; then
  say "installing cargo-leptos 0.3.10 (about 15 minutes on 2 cores, once)"
  cargo install cargo-leptos --version 0.3.10 --locked
fi

# wasm-bindgen's CLI must match the library version in Cargo.lock exactly.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wb_version" ]; then
  say "installing wasm-bindgen-cli $wb_version"
  cargo install wasm-bindgen-cli --version "$wb_version"
fi

# wasm-opt from npm's binaryen (Debian's is too old and breaks hydration), plus the
# Playwright library for the browser tests. No browser is downloaded.
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ ! -d end2end/node_modules/playwright-core ] || [ ! -f end2end/node_modules/axe-core/axe.min.js ]; then
  say "installing npm packages in end2end/"
  (cd end2end && npm ci --no-audit --no-fund)
fi
export PATH="$PWD/end2end/node_modules/.bin:$PATH"

# Reading uploaded documents: poppler's pdftotext (and pdftoppm, which the tests use to make
# scans), and Tesseract with English and Spanish for scans. The site runs without them
# (a document's page then says its text could not be read); the tests need them.
if ! command -v pdftotext >/dev/null || ! command -v tesseract >/dev/null \
  || ! tesseract --list-langs 2>/dev/null | grep -qx spa || ! tesseract --list-langs 2>/dev/null | grep -qx eng; then
  say "installing Debian's poppler-utils and tesseract-ocr (English and Spanish)"
  pkgs=(poppler-utils tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa)
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${pkgs[@]}"; else sudo apt-get update -qq && sudo apt-get install -y -qq "${pkgs[@]}"; fi
fi
