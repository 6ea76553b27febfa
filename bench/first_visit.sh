#!/usr/bin/env bash
# What a first visit of a place page downloads (issue 19: at most 60 KB): the page and
# everything it loads, as Chromium fetches them with an empty cache, compressed as sent.
#   bash bench/first_visit.sh [DEALS]        (a database of DEALS seeded deals, default 1,000)
# BENCH_DB=path uses that database instead; BENCH_PREBUILT=1 skips the builds.
DEALS=${1:-1000}
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
seeded_database "$DEALS"
start_server
BASE_URL="$base" NODE_PATH=end2end/node_modules node - "/places/va/arlington-county" "/es/places/va/arlington-county" "/places/va" "/es/places/va" "/deals" "/" <<'JS'
const { chromium } = require('playwright-core');
(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  for (const path of process.argv.slice(2)) {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const requests = [];
    page.on('requestfinished', (r) => requests.push(r));
    const res = await page.goto(process.env.BASE_URL + path, { waitUntil: 'networkidle' });
    let total = 0;
    const parts = {};
    for (const r of requests) {
      const s = await r.sizes();
      const bytes = s.responseBodySize + s.responseHeadersSize;
      total += bytes;
      const ext = (new URL(r.url()).pathname.match(/\.(\w+)$/) || [, 'html'])[1];
      parts[ext] = (parts[ext] || 0) + bytes;
    }
    const kb = (n) => (n / 1024).toFixed(1) + ' KB';
    const detail = Object.entries(parts).map(([k, v]) => `${k} ${kb(v)}`).join(', ');
    console.log(`${path.padEnd(28)} ${res.status()}  ${String(requests.length).padStart(2)} requests  ${kb(total).padStart(9)}  (${detail})`);
    await ctx.close();
  }
  await browser.close();
})();
JS
