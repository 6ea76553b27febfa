import { Page, Browser, expect } from '@playwright/test';

export const password = 'correct horse battery staple';
/** Created by scripts/test.sh with `tracker user add … --role moderator` before the server starts. */
export const moderator = { handle: 'e2e_moderator', password: 'moderator passphrase for tests' };
export const stamp = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

export async function signUp(page: Page, handle: string) {
  await page.goto('/signup');
  await page.fill('#handle', handle);
  await page.fill('#password', password);
  await page.fill('#confirm', password);
  await page.click('button:has-text("Create account")');
  await expect(page.locator('header .who')).toContainText(handle);
}

export async function signIn(page: Page, handle: string, pw: string) {
  await page.goto('/login');
  await page.fill('#handle', handle);
  await page.fill('#password', pw);
  await page.click('main button:has-text("Sign in")');
  await expect(page.locator('header .who')).toContainText(handle);
}

/** A moderator's page in its own browser context. */
export async function moderatorPage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
  const ctx = await browser.newContext({ javaScriptEnabled });
  const page = await ctx.newPage();
  await signIn(page, moderator.handle, moderator.password);
  return page;
}

/** Approves the queue item whose title matches. */
export async function approve(page: Page, title: string) {
  await page.goto('/review');
  const item = page.locator('article.queue-item', { hasText: title });
  await expect(item).toBeVisible();
  await item.getByRole('button', { name: 'Approve and publish' }).click();
  await expect(page).toHaveURL(/\/review(\?.*)?$/);
  await expect(page.locator('article.queue-item', { hasText: title })).toHaveCount(0);
}

export async function fillCommon(page: Page, title: string) {
  await page.fill('#title', title);
  await page.selectOption('#entity_id', { label: 'Amazon Web Services, Inc. (part of Amazon.com, Inc.)' });
  await page.selectOption('#kind', 'cloud_contract');
  await page.selectOption('#status', 'active');
}

/** Saves the deal form; if the site asks whether it is a duplicate, says it is a different deal. */
export async function saveDeal(page: Page) {
  await page.click('button:has-text("Save deal")');
  await page.waitForLoadState('load');
  if (await page.locator('text=Is it one of these?').count()) {
    await page.click('button:has-text("different deal")');
  }
}
