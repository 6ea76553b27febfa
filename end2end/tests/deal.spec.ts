import { test, expect } from '@playwright/test';
import { approve, fillCommon, moderatorPage, saveDeal, signUp, stamp } from './helpers';

test.describe('with JavaScript', () => {
  test('sign up, record a sourced deal, a moderator approves, it shows on the deal, county and state pages', async ({ page, browser }) => {
    const handle = `w${stamp()}`;
    const title = `AWS GovCloud hosting ${handle}`;
    await signUp(page, handle);
    await page.goto('/deals/new');
    // The "add source" button only appears once the islands have hydrated.
    await expect(page.getByRole('button', { name: 'Add another source' })).toBeVisible();
    await fillCommon(page, title);
    await page.locator('#jurisdiction').pressSequentially('Arlington Coun', { delay: 20 });
    const option = page.getByRole('option', { name: 'Arlington County, VA (county)' });
    await expect(option).toBeVisible();
    await option.click();
    await expect(page.locator('#jurisdiction')).toHaveValue('Arlington County, VA');
    await page.fill('#amount', '$23,000,000');
    await page.selectOption('#value_basis', 'maximum');
    await page.fill('#approved', '2023-05');
    await page.fill('#source_url_0', 'https://example.org/arlington/board-minutes.pdf');
    await page.fill('#source_title_0', 'County Board minutes');
    await page.getByRole('button', { name: 'Add another source' }).click();
    await page.fill('#source_title_1', 'Records request response');
    await page.fill('#source_publisher_1', 'Arlington County Clerk');
    await saveDeal(page);

    await expect(page).toHaveURL(/\/deals\/\d+$/);
    await expect(page.locator('h1')).toHaveText(title);
    await expect(page.locator('.headline-amount')).toContainText('$23,000,000');
    await expect(page.getByRole('link', { name: 'County Board minutes' })).toHaveAttribute('href', 'https://example.org/arlington/board-minutes.pdf');
    await expect(page.locator('.sources')).toContainText('Records request response, Arlington County Clerk');
    await expect(page.locator('.meta')).toContainText('1 revision');
    await expect(page.locator('main')).toContainText('Waiting for review');
    const dealUrl = page.url();

    // Not public until a moderator approves it.
    const anon = await (await browser.newContext()).newPage();
    expect((await anon.goto(dealUrl))!.status()).toBe(404);
    const mod = await moderatorPage(browser);
    await approve(mod, title);
    expect((await anon.goto(dealUrl))!.status()).toBe(200);

    await page.goto(dealUrl);
    await page.locator('.lede').getByRole('link', { name: 'Arlington County, VA' }).click();
    await expect(page).toHaveURL(/\/places\/va\/arlington-county$/);
    await expect(page.getByRole('link', { name: title })).toBeVisible();
    await expect(page.locator('tr', { hasText: title })).toContainText('$23,000,000');

    await page.goto('/places/va');
    await expect(page.locator('h1')).toHaveText('Virginia');
    await expect(page.getByRole('link', { name: title })).toBeVisible();
  });

  test('a bad link and a missing source each show their field error and save nothing', async ({ page }) => {
    const handle = `v${stamp()}`;
    const title = `Unsaved deal ${handle}`;
    await signUp(page, handle);
    await page.goto('/deals/new');
    await fillCommon(page, title);
    await page.fill('#jurisdiction', 'Oakland, CA');
    await page.fill('#amount', '1200000');
    await page.selectOption('#value_basis', 'estimated');
    await page.fill('#source_url_0', 'ftp://example.org/contract.pdf');
    await page.click('button:has-text("Save deal")');
    await expect(page.locator('#err-source_url_0')).toContainText('http');
    await expect(page.locator('#source_url_0')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#title')).toHaveValue(title);

    await page.fill('#source_url_0', '');
    await page.click('button:has-text("Save deal")');
    await expect(page.locator('#err-sources')).toContainText('Cite at least one source');

    await page.goto('/places/ca/oakland');
    await expect(page.locator('main')).not.toContainText(title);
  });

  test('place search suggests governments and unincorporated areas', async ({ page }) => {
    await page.goto('/');
    await page.waitForLoadState('networkidle');
    await page.locator('#home-q').pressSequentially('Arlington, VA', { delay: 30 });
    await expect(page.getByRole('option', { name: /Arlington, VA \(unincorporated\) → Arlington County/ })).toBeVisible();
    await page.getByRole('option', { name: 'Arlington County, VA (county)' }).click();
    await expect(page).toHaveURL(/\/places\/va\/arlington-county$/);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('sign up and record a deal with plain form posts; a moderator approves it without JavaScript', async ({ page, browser }) => {
    const handle = `n${stamp()}`;
    const title = `Ring camera subsidy ${handle}`;
    await signUp(page, handle);
    await page.goto('/deals/new');
    await fillCommon(page, title);
    await page.selectOption('#kind', 'device_subsidy');
    await page.selectOption('#entity_id', { label: 'Ring LLC (part of Amazon.com, Inc.)' });
    await page.fill('#jurisdiction', 'Oakland, CA');
    await page.fill('#amount', '1.5 million');
    await page.selectOption('#value_basis', 'actual_paid');
    await page.fill('#source_url_0', 'https://example.org/oakland/ring-subsidy');
    await saveDeal(page);

    await expect(page).toHaveURL(/\/deals\/\d+$/);
    await expect(page.locator('.headline-amount')).toContainText('$1,500,000');
    const mod = await moderatorPage(browser, false);
    await approve(mod, title);
    await page.goto('/places/ca/oakland');
    await expect(page.getByRole('link', { name: title })).toBeVisible();
    await page.goto('/places/ca/alameda-county');
    await expect(page.getByRole('link', { name: title })).toBeVisible();
    await page.goto('/places/ca');
    await expect(page.getByRole('link', { name: title })).toBeVisible();
  });

  test('a missing source shows its error with what was typed kept', async ({ page }) => {
    const handle = `m${stamp()}`;
    await signUp(page, handle);
    await page.goto('/deals/new');
    await fillCommon(page, 'No source given');
    await page.fill('#jurisdiction', 'Oakland, CA');
    await page.check('#undisclosed');
    await page.click('button:has-text("Save deal")');
    await expect(page.locator('#err-sources')).toContainText('Cite at least one source');
    await expect(page.locator('#title')).toHaveValue('No source given');
    await expect(page.locator('#undisclosed')).toBeChecked();
  });
});
