import { test, expect } from '@playwright/test';
import { fillCommon, moderatorPage, saveDeal, stamp } from './helpers';

test('filter by state and kind, share the URL, download the CSV', async ({ browser }) => {
  // A moderator records three deals so they are public at once.
  const mod = await moderatorPage(browser);
  const tag = stamp();
  const deals = [
    { title: `Browse VA abatement ${tag}`, place: 'Loudoun County, VA', kind: 'tax_abatement' },
    { title: `Browse VA cloud ${tag}`, place: 'Loudoun County, VA', kind: 'cloud_contract' },
    { title: `Browse CA abatement ${tag}`, place: 'Oakland, CA', kind: 'tax_abatement' },
  ];
  for (const d of deals) {
    await mod.goto('/deals/new');
    await fillCommon(mod, d.title);
    await mod.selectOption('#kind', d.kind);
    await mod.fill('#jurisdiction', d.place);
    await mod.fill('#amount', '2,000,000');
    await mod.selectOption('#value_basis', 'estimated');
    await mod.fill('#source_url_0', `https://example.org/${tag}`);
    await saveDeal(mod);
    await expect(mod).toHaveURL(/\/deals\/\d+$/);
  }
  // A signed-in writer's search shows their own writes at once (it waits for the index;
  // a signed-out one may be a moment behind, so the readers below come after it).
  await mod.goto(`/deals?q=${tag}`);
  await expect(mod.locator('.browse-list .deal-item')).toHaveCount(3);

  const ctx = await browser.newContext({ acceptDownloads: true });
  const page = await ctx.newPage();
  await page.goto('/deals');
  await page.fill('#q', tag);
  await page.fill('#state', 'va');
  await page.check('#kind-tax_abatement');
  await page.click('button:has-text("Show deals")');
  await expect(page).toHaveURL(/state=va/);
  await expect(page).toHaveURL(/kind=tax_abatement/);
  // A search typed into the list (shown newest first) lists its best matches first.
  await expect(page).not.toHaveURL(/sort=newest/);
  // The fields left empty are left out of the link to share.
  await expect(page).not.toHaveURL(/=(&|$)/);
  await expect(page.locator('#sort option:checked')).toHaveText('Best match (with a search)');
  const rows = page.locator('.browse-list .deal-item h2');
  await expect(rows).toHaveText([`Browse VA abatement ${tag}`]);
  await expect(page.locator('.facet[aria-label="Kind"]')).toContainText('Cloud services contract');

  // The same URL in a fresh page shows the same rows.
  const shared = page.url();
  const other = await (await browser.newContext()).newPage();
  await other.goto(shared);
  await expect(other.locator('.browse-list .deal-item h2')).toHaveText([`Browse VA abatement ${tag}`]);

  // Clicking CSV starts a download of this view. (Debian's headless Chromium cancels the
  // file write itself, so the test reads the downloaded URL's body through the page's own
  // request context: same URL, same cookies.)
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('deals.csv');
  const csv = await (await page.request.get(download.url())).text();
  const lines = csv.trim().split(/\r?\n/);
  expect(lines[0]).toContain('id,url,title');
  expect(lines.length).toBe(2);
  expect(lines[1]).toContain(`Browse VA abatement ${tag}`);
});

test('a company counts what clicking it lists; a search keeps its text and offers a spelling', async ({ browser }) => {
  // One deal of Amazon.com itself and one of its subsidiary AWS, found by a shared tag.
  const mod = await moderatorPage(browser);
  const tag = stamp();
  for (const company of ['Amazon.com, Inc.', 'Amazon Web Services, Inc. (part of Amazon.com, Inc.)']) {
    await mod.goto('/deals/new');
    await fillCommon(mod, `Warehouse abatement ${tag} ${company.slice(0, 10)}`);
    await mod.selectOption('#entity_id', { label: company });
    await mod.fill('#jurisdiction', 'Loudoun County, VA');
    await mod.fill('#amount', '1,000,000');
    await mod.selectOption('#value_basis', 'estimated');
    await mod.fill('#source_url_0', `https://example.org/${tag}`);
    await saveDeal(mod);
    await expect(mod).toHaveURL(/\/deals\/\d+$/);
  }
  await mod.goto(`/deals?q=${tag}`);
  await expect(mod.locator('.browse-list .deal-item')).toHaveCount(2);

  const page = await (await browser.newContext()).newPage();
  await page.goto(`/deals?q=${tag}`);
  const companies = page.locator('.facet[aria-label="Amazon company"] a');
  // The parent's count includes its subsidiary's deal: clicking it lists both.
  await expect(companies.filter({ hasText: 'Amazon.com, Inc.' })).toContainText('2');
  const entries = await companies.evaluateAll((links) =>
    links.map((a) => ({ href: a.getAttribute('href')!, count: a.querySelector('.count')!.textContent!.trim() })),
  );
  expect(entries.length).toBe(2);
  for (const { href, count } of entries) {
    await page.goto(href);
    await expect(page.locator('.lede')).toHaveText(new RegExp(`^${count} deals? match`));
  }

  // Too short a search: the text stays in the box, and one message says what to do.
  await page.goto('/deals');
  await page.fill('#q', 'HQ');
  await page.click('button:has-text("Show deals")');
  await expect(page.locator('#q')).toHaveValue('HQ');
  await expect(page.locator('#err-q')).toHaveText(/three letters/);
  await expect(page.locator('text=No deals match')).toHaveCount(0);
  // Nothing to download or break down for a view that couldn't be read.
  await expect(page.locator('.exports')).toHaveCount(0);
  await expect(page.locator('.facets-title')).toHaveCount(0);

  // A misspelling is offered the word the deals use, and the offer finds them.
  await page.fill('#q', `abatment ${tag}`);
  await page.click('button:has-text("Show deals")');
  await expect(page.locator('#q')).toHaveValue(`abatment ${tag}`);
  const offer = page.locator('#suggestion a');
  await expect(offer).toHaveText(`abatement ${tag.toLowerCase()}`);
  await offer.click();
  await expect(page.locator('.browse-list .deal-item')).toHaveCount(2);
});
