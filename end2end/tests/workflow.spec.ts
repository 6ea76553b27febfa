import { test, expect, Page, Browser } from '@playwright/test';
import { approve, fillCommon, moderatorPage, saveDeal, signUp, stamp } from './helpers';

/** A moderator records a published deal; returns its address. */
async function recordPublished(mod: Page, title: string, extra?: (p: Page) => Promise<void>): Promise<string> {
  await mod.goto('/deals/new');
  await fillCommon(mod, title);
  await mod.selectOption('#kind', 'tax_abatement');
  await mod.fill('#jurisdiction', 'Loudoun County, VA');
  await mod.fill('#amount', '$10,000,000');
  await mod.selectOption('#value_basis', 'estimated');
  await mod.fill('#source_url_0', `https://example.org/loudoun/${encodeURIComponent(title)}`);
  if (extra) await extra(mod);
  await saveDeal(mod);
  await expect(mod).toHaveURL(/\/deals\/\d+$/);
  return mod.url();
}

async function anonymous(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

test('two people edit one deal: nothing is lost, and a field both changed asks which value to keep', async ({ page, browser }) => {
  const title = `Warehouse abatement ${stamp()}`;
  const mod = await moderatorPage(browser);
  const dealUrl = await recordPublished(mod, title);

  // A contributor opens the edit form; meanwhile a moderator sets the location and program.
  await signUp(page, `c${stamp()}`);
  await page.goto(`${dealUrl}/edit`);
  await mod.goto(`${dealUrl}/edit`);
  await mod.fill('#facility_location', 'Fairfax, VA');
  await mod.fill('#program', 'Enterprise zone');
  await mod.click('button:has-text("Save changes")');
  await expect(mod).toHaveURL(dealUrl);

  // The contributor, still on the old form, changes the location too, and the jobs.
  await page.fill('#facility_location', 'Reston, VA');
  await page.fill('#jobs', '12');
  await page.click('button:has-text("Save changes")');
  const conflicts = page.locator('fieldset.conflicts');
  await expect(conflicts).toContainText('Facility location');
  await expect(conflicts).toContainText('Fairfax, VA');
  await expect(conflicts).toContainText('Reston, VA');
  await expect(conflicts.locator('ul.kept')).toContainText('Enterprise zone');
  await expect(page.locator('#program')).toHaveValue('Enterprise zone');
  await expect(page.locator('#jobs')).toHaveValue('12');
  await conflicts.getByLabel(/Keep the current value/).check();
  await page.click('button:has-text("Save changes")');
  await expect(page.locator('main')).toContainText('Your change was sent to the moderators');

  await approve(mod, title);
  await expect(mod.locator('.notice.ok')).toContainText('Published.');
  const anon = await anonymous(browser);
  await anon.goto(dealUrl);
  const facts = anon.locator('dl.facts');
  await expect(facts).toContainText('Fairfax, VA');
  await expect(facts).toContainText('Enterprise zone');
  await expect(facts.locator('.row', { hasText: 'Jobs promised' })).toContainText('12');
});

test('waiting changes merge at approval; authors see where their change stands', async ({ page, browser }) => {
  const title = `Cloud hosting ${stamp()}`;
  const mod = await moderatorPage(browser);
  const dealUrl = await recordPublished(mod, title);

  // Alice proposes the jobs; her change shows on the deal page, and her next edit continues it.
  await signUp(page, `a${stamp()}`);
  await page.goto(`${dealUrl}/edit`);
  await page.fill('#jobs', '40');
  await page.click('button:has-text("Save changes")');
  await page.goto(dealUrl);
  await expect(page.locator('main')).toContainText('Your change is waiting for review');
  await page.getByRole('link', { name: 'Change it again' }).click();
  await expect(page.locator('main')).toContainText('Your earlier change is still waiting for review');
  await expect(page.locator('#jobs')).toHaveValue('40');

  // Bob, from the same version, proposes the program.
  const bob = await (await browser.newContext()).newPage();
  await signUp(bob, `b${stamp()}`);
  await bob.goto(`${dealUrl}/edit`);
  await bob.fill('#program', 'Smart city');
  await bob.click('button:has-text("Save changes")');

  // Alice's is approved with a note; Bob's then merges onto it.
  await mod.goto('/review');
  const items = mod.locator('article.queue-item', { hasText: title });
  await expect(items).toHaveCount(2);
  await items.first().locator('input[name="reason"]').first().fill('Checked the agreement');
  await items.first().getByRole('button', { name: 'Approve and publish' }).click();
  await expect(mod.locator('.notice.ok')).toContainText('Published.');
  await expect(mod.locator('.notice.ok').getByRole('link', { name: title })).toHaveAttribute('href', new URL(dealUrl).pathname);
  const bobs = mod.locator('article.queue-item', { hasText: title });
  await expect(bobs).toContainText('Approving it merges it');
  await approve(mod, title);

  const anon = await anonymous(browser);
  await anon.goto(dealUrl);
  await expect(anon.locator('dl.facts')).toContainText('Smart city');
  await expect(anon.locator('dl.facts .row', { hasText: 'Jobs promised' })).toContainText('40');
  await anon.goto(`${dealUrl}/history`);
  await expect(anon.locator('main')).toContainText('Checked the agreement');
  await expect(anon.locator('main')).toContainText(/Publishes revision \d+/);
});

test('a rejected deal says so with the reason; statuses and review read differently', async ({ page, browser }) => {
  const title = `Grant approved by the council ${stamp()}`;
  await signUp(page, `r${stamp()}`);
  await page.goto('/deals/new');
  await fillCommon(page, title);
  await page.selectOption('#status', 'approved');
  await page.fill('#jurisdiction', 'Oakland, CA');
  await page.fill('#amount', '$500,000');
  await page.selectOption('#value_basis', 'maximum');
  await page.fill('#source_url_0', `https://example.org/oakland/${Date.now()}`);
  await saveDeal(page);
  await expect(page.locator('dl.facts')).toContainText('Approved by the government');
  await expect(page.locator('.headline-amount')).toContainText('not yet checked by a moderator');
  const dealUrl = page.url();

  const mod = await moderatorPage(browser);
  await mod.goto('/review');
  const item = mod.locator('article.queue-item', { hasText: title });
  await item.locator('input[name="reason"]').last().fill('No source for the amount');
  await item.getByRole('button', { name: 'Reject' }).click();
  await expect(mod.locator('main')).toContainText('Turned down.');

  await page.goto(dealUrl);
  await expect(page.locator('.notice.bad')).toContainText('Not published: a moderator turned this deal down.');
  await expect(page.locator('.notice.bad')).toContainText('No source for the amount');
});

test('a reporter learns what was done; reverting asks why; a withdrawn deal names what it was', async ({ page, browser }) => {
  const title = `Reported deal ${stamp()}`;
  const kept = `Kept deal ${stamp()}`;
  const mod = await moderatorPage(browser);
  const keptUrl = await recordPublished(mod, kept);
  const dealUrl = await recordPublished(mod, title);

  // A report sent without details keeps the chosen reason and says what to fix at the top.
  await signUp(page, `f${stamp()}`);
  await page.goto(dealUrl);
  await page.locator('summary', { hasText: 'Report a problem' }).click();
  await page.selectOption('#flag-kind', 'amount_wrong');
  await page.click('button:has-text("Send report")');
  await expect(page.locator('#flag-kind')).toHaveValue('amount_wrong');
  await expect(page.locator('#report p.error')).toBeFocused();
  await page.fill('#flag-note', 'The agreement says $12 million');
  await page.click('button:has-text("Send report")');
  await page.goto('/account');
  await expect(page.locator('main')).toContainText(title);

  await mod.goto('/review');
  const report = mod.locator('article.queue-item', { hasText: 'The agreement says $12 million' });
  await report.locator('input[name="reason"]').fill('Amount corrected from the agreement');
  await report.getByRole('button', { name: 'Resolve report' }).click();
  await page.goto('/account');
  await expect(page.locator('main')).toContainText('Amount corrected from the agreement');
  const anon = await anonymous(browser);
  await anon.goto(dealUrl);
  await expect(anon.locator('main')).toContainText('A reported problem was resolved on');
  await expect(anon.locator('main')).not.toContainText('The agreement says $12 million');

  // Reverting asks for a reason and a confirmation.
  await mod.goto(`${dealUrl}/edit`);
  await mod.fill('#amount', '$12,000,000');
  await mod.click('button:has-text("Save changes")');
  await mod.goto(`${dealUrl}/history`);
  await mod.locator('summary', { hasText: 'Revert to revision 1' }).click();
  await mod.fill('#revert-reason-1', 'The agreement was never signed');
  await mod.check('#revert-confirm-1');
  await mod.getByRole('button', { name: 'Revert to revision 1' }).click();
  await expect(mod.locator('.revision').first()).toContainText('Reverted to revision 1: The agreement was never signed');

  // Withdrawn as a duplicate, named by a pasted link.
  await mod.goto(dealUrl);
  await mod.locator('summary', { hasText: 'Withdraw this deal' }).click();
  await mod.fill('#withdraw-reason', 'Recorded twice');
  await mod.fill('#duplicate-of', keptUrl);
  await mod.getByRole('button', { name: 'Withdraw' }).click();
  const gone = await anon.goto(dealUrl);
  expect(gone!.status()).toBe(410);
  await expect(anon.locator('main')).toContainText(title);
  await expect(anon.locator('main')).toContainText('Loudoun County, VA');
  await expect(anon.locator('main').getByRole('link', { name: kept })).toBeVisible();
});

test('place search ranks Fairfax County first and reads a state without a comma', async ({ page }) => {
  await page.goto('/');
  await page.waitForLoadState('networkidle');
  await page.locator('#home-q').pressSequentially('Fairfax', { delay: 30 });
  await expect(page.getByRole('option').first()).toHaveText('Fairfax County, VA (county)');
  await page.goto('/search?q=fairfax+va');
  await expect(page.locator('main')).toContainText('Fairfax County, VA');
  await expect(page.locator('main')).not.toContainText('add the state');
});

test('the deal form lists its problems as links and moves the focus to them', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page, `e${stamp()}`);
  await page.goto('/deals/new');
  await fillCommon(page, `Incomplete ${stamp()}`);
  await page.fill('#jurisdiction', 'Nowhere Land, ZZ');
  await page.fill('#amount', 'lots');
  await page.fill('#source_url_0', 'ftp://example.org/x');
  await page.click('button:has-text("Save deal")');
  const summary = page.locator('#form-error');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link', { name: /Amount/ }).first()).toBeVisible();
  await expect(summary.getByRole('link', { name: /Source 1, link/ })).toBeVisible();
  await summary.getByRole('link', { name: /Government that made the deal/ }).click();
  await expect(page).toHaveURL(/#jurisdiction$/);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('long source links wrap in the history and the review queue; summary tables fit', async ({ browser }) => {
    const title = `Long link deal ${stamp()}`;
    const mod = await moderatorPage(browser);
    await mod.setViewportSize({ width: 390, height: 844 });
    const long = `https://example.org/${'very-long-path-segment-'.repeat(8)}minutes.pdf`;
    const dealUrl = await recordPublished(mod, title, async p => {
      await p.fill('#source_url_0', long);
      await p.fill('#source_title_0', 'Board minutes');
      await p.fill('#approved', '2024');
    });
    const width = () => mod.evaluate(() => document.documentElement.scrollWidth);
    await mod.goto(`${dealUrl}/history`);
    expect(await width()).toBeLessThanOrEqual(390);

    const contributor = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signUp(contributor, `p${stamp()}`);
    await contributor.goto(`${dealUrl}/edit`);
    await contributor.fill('#source_url_0', `${long}?page=2`);
    await contributor.click('button:has-text("Save changes")');
    await mod.goto('/review');
    const item = mod.locator('article.queue-item', { hasText: title });
    await expect(item.getByRole('link', { name: /page=2/ })).toBeVisible();
    expect(await width()).toBeLessThanOrEqual(390);

    await mod.goto('/places/va/loudoun-county');
    expect(await width()).toBeLessThanOrEqual(390);
    const header = mod.locator('table.by-kind th', { hasText: 'Undisclosed' });
    const box = await header.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  });

  test('following a place explains feeds; feeds say their filter', async ({ page, request }) => {
    await page.goto('/places/va/loudoun-county');
    await page.getByRole('link', { name: 'Follow this place' }).click();
    await expect(page).toHaveURL(/\/follow\?feed=/);
    await expect(page.locator('h1')).toContainText('Follow');
    await expect(page.locator('#feed-address')).toHaveValue(/\/places\/va\/loudoun-county\/feed\.atom$/);
    const feed = await (await request.get('/deals.atom?state=va&kind=tax_abatement')).text();
    expect(feed).toContain('<title>Deals with Amazon: Tax abatement; in Virginia</title>');
    expect(feed).not.toContain('Imported from');
    const csv = await (await request.get('/deals.csv?state=va')).text();
    expect(csv.split('\r\n')[0]).toContain('source_titles');
  });
});

test('a Good Jobs First row about Ring cameras is a device subsidy', async ({ browser }) => {
  const page = await moderatorPage(browser);
  const tag = stamp();
  const csv = [
    'Company,Parent Company,Year,Location,County,State,Subsidy Value,Program Name,Awarding Agency,Type of Subsidy,Source of Data,Notes',
    `Ring LLC,Amazon.com,2021,Hilliard,Franklin,OH,"$25,000",Ring doorbell camera rebate ${tag},City of Hilliard,Other,https://example.org/${tag},`,
  ].join('\n');
  await page.goto('/review/import');
  await page.setInputFiles('#file', { name: `ring-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('button', { name: 'Import 1 row' }).click();
  await page.locator('table.import-report a', { hasText: `Ring doorbell camera rebate ${tag}` }).click();
  await expect(page.locator('dl.facts')).toContainText('Device subsidy');
});
