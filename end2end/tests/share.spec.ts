import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import { fillCommon, moderatorPage, saveDeal, stamp } from './helpers';

const PLACE = 'Hilliard, OH';
const PLACE_URL = '/places/oh/hilliard';

/** Records a published deal in Hilliard, OH as the moderator. `amount` empty = undisclosed. */
async function record(mod: Page, title: string, kind: string, amount: string, basis: string, date: string) {
  await mod.goto('/deals/new');
  await fillCommon(mod, title);
  await mod.selectOption('#kind', kind);
  await mod.fill('#jurisdiction', PLACE);
  if (amount) {
    await mod.fill('#amount', amount);
    await mod.selectOption('#value_basis', basis);
  } else {
    await mod.check('#undisclosed');
  }
  await mod.fill('#approved', date);
  await mod.fill('#source_url_0', `https://example.org/hilliard/${encodeURIComponent(title)}`);
  await saveDeal(mod);
  await expect(mod).toHaveURL(/\/deals\/\d+$/);
}

const dollars = (s: string) => Number(s.replace(/[^0-9.]/g, ''));

test.describe.configure({ mode: 'serial' });

test('the place page totals match the deals listed on it', async ({ browser }) => {
  const mod = await moderatorPage(browser);
  const tag = stamp();
  await record(mod, `Hilliard data center abatement ${tag}`, 'tax_abatement', '12,500,000', 'estimated', '2021-05');
  await record(mod, `Hilliard road work ${tag}`, 'infrastructure', '3,000,000', 'actual_paid', '2023');
  await record(mod, `Hilliard cloud ${tag}`, 'cloud_contract', '', '', '2023-02-01');

  const page = await (await browser.newContext()).newPage();
  await page.goto(PLACE_URL);
  await expect(page.locator('h1')).toHaveText('Hilliard, OH');
  // Sum what the deals table shows, by basis, and count the undisclosed ones.
  const rows = page.locator('section.own-deals').locator('table.deals tbody tr');
  const n = await rows.count();
  expect(n).toBeGreaterThanOrEqual(3);
  const sums: Record<string, number> = {};
  let undisclosed = 0;
  for (let i = 0; i < n; i++) {
    const cell = rows.nth(i).locator('td[data-label="Amount"]');
    const basis = (await cell.locator('.sub').innerText()).trim();
    const text = (await cell.innerText()).replace(basis, '').trim();
    if (text.startsWith('Not disclosed')) undisclosed++;
    else sums[basis] = (sums[basis] ?? 0) + dollars(text);
  }
  const labels: Record<string, string> = { estimated: 'Estimated value', 'actually paid': 'Actually paid', maximum: 'Up to (contract ceilings)' };
  for (const [basis, sum] of Object.entries(sums)) {
    const figure = page.locator('section.own-deals').locator('dl.totals .figure', { hasText: labels[basis] });
    expect(dollars(await figure.locator('.amount').innerText())).toBe(sum);
  }
  const und = page.locator('section.own-deals').locator('dl.totals .figure', { hasText: 'Amount not disclosed' });
  expect(Number(await und.locator('.amount').innerText())).toBe(undisclosed);
  // Money reads as dollars, never cents.
  await expect(page.locator('dl.totals').first()).toContainText('$');
  await expect(page.locator('dl.totals').first()).not.toContainText('.00');
  // Breakdowns and "last updated".
  await expect(page.locator('table.breakdown caption', { hasText: 'By status' }).first()).toBeVisible();
  await expect(page.locator('table.breakdown caption', { hasText: 'By Amazon company' }).first()).toBeVisible();
  await expect(page.locator('.updated time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}$/);
  // Sharing meta: absolute URLs, the card, the total in the description.
  const base = new URL(page.url()).origin;
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', `${base}${PLACE_URL}`);
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute('content', `${base}${PLACE_URL}/card.png`);
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');
  await expect(page.locator('meta[property="og:description"]')).toHaveAttribute('content', /Hilliard, OH: \d+ deals with Amazon, \$[\d,]+/);
});

test('the chart and the map render with JavaScript off', async ({ browser }) => {
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await page.goto(PLACE_URL);
  const chart = page.locator('svg.timeline').first();
  await expect(chart).toBeVisible();
  expect(await chart.locator('rect').count()).toBeGreaterThanOrEqual(2);
  await expect(chart.locator('title').first()).toContainText('Deals per year');
  // The table alternative has the same years.
  await page.locator('figure.chart summary').first().click();
  await expect(page.locator('figure.chart table').first()).toContainText('2021');

  await page.goto('/places/oh');
  const map = page.locator('figure.map > svg');
  await expect(map).toBeVisible();
  expect(await map.locator('path').count()).toBe(88); // Ohio's 88 counties
  const franklin = map.locator('a[aria-label^="Franklin County"]');
  await expect(franklin.locator('path')).toHaveClass(/shade-[1-4]/);
  const box = await map.boundingBox();
  expect(box!.width).toBeGreaterThan(200);

  await page.goto('/places');
  const us = page.locator('figure.map > svg');
  await expect(us).toBeVisible();
  expect(await us.locator('a').count()).toBe(51);
  await expect(us.locator('a[href="/places/oh"]')).toHaveCount(1);
});

test('the map works by keyboard', async ({ page }) => {
  await page.goto('/places/oh');
  const franklin = page.locator('figure.map a[aria-label^="Franklin County"]');
  await franklin.focus();
  await expect(franklin).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/places\/oh\/franklin-county$/);
});

test('the share card is a 1200×630 PNG', async ({ request }) => {
  const res = await request.get(`${PLACE_URL}/card.png`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('image/png');
  const png = await res.body();
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.readUInt32BE(16)).toBe(1200);
  expect(png.readUInt32BE(20)).toBe(630);
  expect((await request.get('/places/oh/no-such-place/card.png')).status()).toBe(404);
});

test('the share button copies the link where there is no share sheet', async ({ browser }) => {
  const ctx = await browser.newContext();
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await ctx.newPage();
  // Headless Chromium has no share sheet; make sure, so the copy path is what runs.
  await page.addInitScript(() => { delete (Navigator.prototype as any).share; });
  // A place page's first visit stays small: a few lines of script, no WebAssembly.
  const wasm: string[] = [];
  page.on('request', (r) => { if (/\.wasm$/.test(r.url())) wasm.push(r.url()); });
  await page.goto(PLACE_URL);
  const button = page.getByRole('button', { name: 'Share this page' });
  await expect(button).toBeVisible();
  await button.click();
  await expect(page.locator('.share-status')).toContainText('Link copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
  expect(wasm).toEqual([]);
});

test('the embed has no WebAssembly and may be framed; other pages may not', async ({ page }) => {
  const wasm: string[] = [];
  page.on('request', (r) => { if (/\.wasm|\.js$/.test(r.url())) wasm.push(r.url()); });
  const embed = await page.goto(`/embed${PLACE_URL}`);
  expect(embed!.headers()['x-frame-options']).toBeUndefined();
  expect(embed!.headers()['content-security-policy']).toContain('frame-ancestors *');
  await expect(page.locator('.embed-card')).toContainText('Hilliard, OH');
  await expect(page.locator('script, link[rel=modulepreload], leptos-island')).toHaveCount(0);
  expect(wasm).toEqual([]);

  const base = new URL(page.url()).origin;
  // A page on another origin (localhost rather than 127.0.0.1: another site to the browser,
  // still on this machine) frames the embed and, in a second frame, the full page.
  const other = base.replace('127.0.0.1', 'localhost') + '/__framing_test';
  await page.route(other, (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<iframe id="ok" src="${base}/embed${PLACE_URL}"></iframe><iframe id="no" src="${base}${PLACE_URL}"></iframe>`,
    }),
  );
  await page.goto(other);
  const ok = page.frameLocator('#ok');
  await expect(ok.locator('.embed-card')).toContainText('Hilliard, OH');
  const blocked = page.frames().find((f) => f.url() === base + PLACE_URL);
  // Chromium refuses to show a frame whose response says DENY: it never gets the page's h1.
  const h1 = blocked ? await blocked.locator('h1').count() : 0;
  expect(h1).toBe(0);
});

test('a second request with the ETag gets 304, and a change gives a new ETag', async ({ request, browser }) => {
  const first = await request.get(PLACE_URL);
  expect(first.status()).toBe(200);
  const etag = first.headers()['etag'];
  expect(etag).toBeTruthy();
  expect(first.headers()['cache-control']).toMatch(/public, max-age=\d+/);
  const again = await request.get(PLACE_URL, { headers: { 'If-None-Match': etag } });
  expect(again.status()).toBe(304);

  const mod = await moderatorPage(browser);
  await record(mod, `Hilliard change ${stamp()}`, 'fee_waiver', '10,000', 'actual_paid', '2024');
  const after = await request.get(PLACE_URL, { headers: { 'If-None-Match': etag } });
  expect(after.status()).toBe(200);
  expect(after.headers()['etag']).not.toBe(etag);

  // Signed in, pages are personal: not kept by shared caches.
  const res = await mod.goto(PLACE_URL);
  expect(res!.headers()['cache-control']).toBe('private, no-store');
});

test('axe finds no accessibility violations', async ({ page }) => {
  const axe = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // A deal to look at: the first one on the place page.
  await page.goto(PLACE_URL);
  const deal = await page.locator('table.deals td.title a').first().getAttribute('href');
  for (const path of ['/', '/deals', deal!, PLACE_URL, '/places/oh', '/places', `/embed${PLACE_URL}`]) {
    await page.goto(path);
    await page.evaluate(axe);
    const result: any = await page.evaluate(() => (window as any).axe.run(document, { resultTypes: ['violations'] }));
    const found = result.violations.map((v: any) => `${path}: ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(' | ')}`);
    expect(found).toEqual([]);
  }
});
