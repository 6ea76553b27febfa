import { test, expect } from '@playwright/test';
import { approve, fillCommon, moderatorPage, saveDeal, signUp, stamp } from './helpers';

test('a contributor edit waits for a moderator, then the new amount shows; a revert shows in history', async ({ page, browser }) => {
  const title = `Data center abatement ${stamp()}`;
  // A moderator records the deal: published at once.
  const mod = await moderatorPage(browser);
  await mod.goto('/deals/new');
  await fillCommon(mod, title);
  await mod.selectOption('#kind', 'tax_abatement');
  await mod.fill('#jurisdiction', 'Loudoun County, VA');
  await mod.fill('#amount', '$10,000,000');
  await mod.selectOption('#value_basis', 'estimated');
  await mod.fill('#source_url_0', 'https://example.org/loudoun/abatement');
  await saveDeal(mod);
  await expect(mod).toHaveURL(/\/deals\/\d+$/);
  const dealUrl = mod.url();

  // A contributor corrects the amount.
  await signUp(page, `c${stamp()}`);
  await page.goto(dealUrl);
  await page.getByRole('link', { name: 'Correct this deal' }).click();
  await expect(page.locator('#amount')).toHaveValue('10000000');
  await page.fill('#amount', '$12,000,000');
  await page.fill('#summary', 'Amount from the signed agreement');
  await page.click('button:has-text("Save changes")');
  await expect(page.locator('main')).toContainText('Your change was sent to the moderators');

  // The public still sees the old amount.
  const anon = await (await browser.newContext()).newPage();
  await anon.goto(dealUrl);
  await expect(anon.locator('.headline-amount')).toContainText('$10,000,000');

  // The moderator sees both versions side by side and approves.
  await mod.goto('/review');
  const item = mod.locator('article.queue-item', { hasText: title });
  await expect(item.locator('tr.changed', { hasText: 'Amount' })).toContainText('$10,000,000');
  await expect(item.locator('tr.changed', { hasText: 'Amount' })).toContainText('$12,000,000');
  await approve(mod, title);
  await anon.goto(dealUrl);
  await expect(anon.locator('.headline-amount')).toContainText('$12,000,000');

  // The moderator reverts to revision 1; the history says so and the old amount is back.
  await mod.goto(`${dealUrl}/history`);
  await expect(mod.locator('main')).toContainText('Amount from the signed agreement');
  await mod.locator('summary', { hasText: 'Revert to revision 1' }).click();
  await mod.fill('#revert-reason-1', 'The signed agreement was replaced');
  await mod.check('#revert-confirm-1');
  await mod.getByRole('button', { name: 'Revert to revision 1' }).click();
  await expect(mod.locator('.revision').first()).toContainText('Reverted to revision 1');
  await anon.goto(dealUrl);
  await expect(anon.locator('.headline-amount')).toContainText('$10,000,000');
});

test('a form posted from another website is refused', async ({ page, baseURL }) => {
  await page.route('http://evil.example/**', route => route.fulfill({
    contentType: 'text/html',
    body: `<form id="f" method="post" action="${baseURL}/signup">
             <input name="handle" value="mallory${Date.now()}"><input name="password" value="correct horse battery">
             <input name="confirm" value="correct horse battery"><button>go</button></form>`,
  }));
  await page.goto('http://evil.example/');
  const [response] = await Promise.all([page.waitForNavigation(), page.click('button')]);
  expect(response!.status()).toBe(403);
  await expect(page.locator('body')).toContainText('sent from another website');
});
