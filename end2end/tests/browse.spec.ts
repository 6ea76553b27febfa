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
