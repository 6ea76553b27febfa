import { test, expect, Page } from '@playwright/test';
import { signUp, fillCommon, saveDeal, approve, moderatorPage, stamp } from './helpers';

/** A day `days` from now, as a date field takes it. */
function inDays(days: number): string {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

/** Records a deal in Oakland, CA, with a hearing, as a contributor; returns the deal's title. */
async function dealWithHearing(page: Page, handle: string, day: string): Promise<string> {
  const title = `Police camera partnership ${handle}`;
  await signUp(page, handle);
  await page.goto('/deals/new');
  await fillCommon(page, title);
  await page.selectOption('#kind', 'police_partnership');
  await page.selectOption('#entity_id', { label: 'Ring LLC (part of Amazon.com, Inc.)' });
  await page.fill('#jurisdiction', 'Oakland, CA');
  await page.fill('#amount', '$40,000');
  await page.selectOption('#value_basis', 'maximum');
  await page.fill('#source_url_0', `https://example.org/oakland/${handle}`);
  // The events are folded away until opened.
  await page.locator('details.events > summary').click();
  await page.selectOption('#event_kind_0', 'hearing');
  await page.fill('#event_date_0', day);
  await page.fill('#event_time_0', '17:30');
  await page.fill('#event_body_0', 'Oakland City Council');
  await page.fill('#event_location_0', 'https://example.org/oakland/council-live');
  await saveDeal(page);
  await expect(page).toHaveURL(/\/deals\/\d+$/);
  return title;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('add a hearing to a deal; once approved it is coming up on the place page and in /upcoming', async ({ page, browser }) => {
      const handle = `u${stamp()}`;
      const day = inDays(12);
      const title = await dealWithHearing(page, handle, day);
      await expect(page.locator('#events-h')).toHaveText('Decisions and dates');
      await expect(page.locator('.events-list')).toContainText('5:30 PM (Pacific time)');
      const mod = await moderatorPage(browser, javaScriptEnabled);
      await approve(mod, title);

      await page.goto('/places/ca/oakland');
      const coming = page.locator('section.coming-up');
      await expect(coming.getByRole('heading', { name: 'Coming up' })).toBeVisible();
      const row = coming.locator('li', { hasText: title });
      await expect(row).toContainText('Public hearing');
      await expect(row.getByRole('link', { name: 'Watch or join the meeting' })).toHaveAttribute('href', 'https://example.org/oakland/council-live');
      await expect(page.locator('link[rel="alternate"][type="text/calendar"]')).toHaveAttribute('href', '/places/ca/oakland/upcoming.ics');

      await page.goto('/upcoming');
      await page.fill('#up-state', 'ca');
      await page.selectOption('#up-kind', 'hearing');
      await page.selectOption('#up-window', '30');
      await page.click('button:has-text("Show")');
      await expect(page).toHaveURL(/\/upcoming\?state=ca&kind=hearing&window=30/);
      await expect(page.locator('.upcoming-list li', { hasText: title })).toContainText('Oakland, CA');
      await page.selectOption('#up-window', '7');
      await page.click('button:has-text("Show")');
      await expect(page.locator('.upcoming-list li', { hasText: title })).toHaveCount(0);
    });
  });
}

test.describe('how to take part, without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a contributor says how to take part; a moderator approves; the place page shows it', async ({ page, browser }) => {
    const handle = `p${stamp()}`;
    await signUp(page, handle);
    await page.goto('/places/ca/berkeley');
    await page.locator('#take-part').getByRole('link').first().click();
    await expect(page).toHaveURL(/\/take-part\?place=ca\/berkeley$/);
    await page.fill('#meetings_url', 'javascript:alert(1)');
    await page.click('button:has-text("Save")');
    await expect(page.locator('#err-meetings_url')).toBeVisible();
    await page.fill('#meetings_url', `https://example.org/berkeley/${handle}/agendas`);
    await page.fill('#comment_note', `Speak at the start of each meeting (${handle})`);
    await page.click('button:has-text("Save")');
    await expect(page.locator('p.notice')).toContainText('A moderator will check your change');

    const mod = await moderatorPage(browser, false);
    await mod.goto('/review');
    const item = mod.locator('article.queue-item', { hasText: handle });
    await item.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(mod).toHaveURL(/\/review$/);
    await page.goto('/places/ca/berkeley');
    const block = page.locator('#take-part');
    await expect(block).toContainText(`Speak at the start of each meeting (${handle})`);
    await expect(block.getByRole('link', { name: 'Meeting calendar and agendas' })).toHaveAttribute('href', `https://example.org/berkeley/${handle}/agendas`);
  });
});
