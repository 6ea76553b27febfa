import { test, expect, Browser, Page } from '@playwright/test';
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { approve, fillCommon, moderatorPage, saveDeal, signUp, stamp } from './helpers';

/** A word no other test writes: the stamp in letters only, so it is one word to search. */
const wordOf = (tag: string) => `quillwort${tag.replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)])}`;

/** A PDF printed by Chromium itself, as someone saves minutes from a council's website. */
async function printedPdf(browser: Browser, lines: string[]): Promise<Buffer> {
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  await p.setContent(`<html><body style="font: 20px serif">${lines.map((l) => `<p>${l}</p>`).join('')}</body></html>`);
  const pdf = await p.pdf({ format: 'Letter' });
  await ctx.close();
  return pdf;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Opens the new-deal form and fills a deal in Oakland with its first source's link. */
async function newOaklandDeal(page: Page, title: string, amount: string, link: string) {
  await page.goto('/deals/new');
  await fillCommon(page, title);
  await page.fill('#jurisdiction', 'Oakland, CA');
  await page.fill('#amount', amount);
  await page.selectOption('#value_basis', 'maximum');
  await page.fill('#source_url_0', link);
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a contributor attaches a PDF; once approved anyone finds its words, opens it and downloads the same bytes', async ({ page, browser }) => {
    const tag = stamp();
    const title = `Cloud contract with minutes ${tag}`;
    const word = wordOf(tag);
    const mod = await moderatorPage(browser, false);
    await newOaklandDeal(mod, title, '23 million', `https://example.org/oakland/${tag}`);
    await mod.fill('#source_title_0', `Council minutes ${tag}`);
    await saveDeal(mod);
    await expect(mod).toHaveURL(/\/deals\/\d+$/);

    const pdf = await printedPdf(browser, ['City Council of Oakland', `The council discussed the ${word} contract renewal.`]);
    await signUp(page, `d${tag}`);
    await page.goto(mod.url());
    await page.getByRole('link', { name: 'Attach the document' }).click();
    await expect(page.locator('h1')).toHaveText('Attach the document');
    await page.setInputFiles('#file', { name: 'minutes.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.getByRole('button', { name: 'Upload and attach' }).click();
    await expect(page).toHaveURL(/\/deals\/\d+\?submitted=1$/);

    // Waiting for review: the public does not find it.
    const anon = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await anon.goto(`/deals?q=${word}`);
    await expect(anon.locator('main')).not.toContainText(title);

    await approve(mod, title);
    // The text is read in the background and indexed within seconds.
    await expect(async () => {
      await anon.goto(`/deals?q=${word}`);
      await expect(anon.getByRole('link', { name: title })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    const where = anon.locator('.found-in');
    await expect(where).toContainText(`On page 1 of “Council minutes ${tag}”`);
    await expect(where.locator('mark')).toHaveText(word);
    await where.getByRole('link').click();
    await expect(anon.locator('h1')).toHaveText(`Council minutes ${tag}`);
    await expect(anon.locator('code.hash')).toHaveText(sha256(pdf));
    await expect(anon.locator('pre.sum')).toContainText(`${sha256(pdf)}  minutes.pdf`);
    await expect(anon.locator('#page-1')).toContainText(word);
    await expect(anon.getByRole('link', { name: title })).toBeVisible();
    // The browser check needs JavaScript; without it the sha256sum line is the way.
    await expect(anon.locator('#check-copy')).toBeHidden();

    const [download] = await Promise.all([anon.waitForEvent('download'), anon.getByRole('link', { name: 'Download the file' }).click()]);
    expect(download.suggestedFilename()).toBe('minutes.pdf');
    expect(sha256(readFileSync(await download.path()))).toBe(sha256(pdf));

    // The deal page shows the kept document with its fingerprint.
    await anon.getByRole('link', { name: title }).click();
    await expect(anon.locator('.kept-document')).toContainText(sha256(pdf));
  });
});

test('a reader checks a copy they hold in the browser, and nothing is uploaded', async ({ page, browser }) => {
  const tag = stamp();
  const title = `Ring subsidy with contract ${tag}`;
  const mod = await moderatorPage(browser);
  await mod.goto('/deals/new');
  await fillCommon(mod, title);
  await mod.fill('#jurisdiction', 'Oakland, CA');
  await mod.fill('#amount', '1 million');
  await mod.selectOption('#value_basis', 'maximum');
  await mod.fill('#source_url_0', `https://example.org/ring/${tag}`);
  await saveDeal(mod);
  await expect(mod).toHaveURL(/\/deals\/\d+$/);
  const pdf = await printedPdf(browser, [`Contract ${tag}`]);
  await mod.getByRole('link', { name: 'Attach the document' }).click();
  // With JavaScript the upload goes in the background: a refusal shows in place.
  await mod.setInputFiles('#file', { name: 'contract.pdf', mimeType: 'application/pdf', buffer: Buffer.from('\x7fELF not a document') });
  await mod.getByRole('button', { name: 'Upload and attach' }).click();
  await expect(mod.locator('#upload-problem')).toContainText('whatever its name says');
  await expect(mod).toHaveURL(/\/document$/);
  await mod.setInputFiles('#file', { name: 'contract.pdf', mimeType: 'application/pdf', buffer: pdf });
  await mod.getByRole('button', { name: 'Upload and attach' }).click();
  await expect(mod.locator('.kept-document')).toBeVisible();

  await page.goto(mod.url().replace(/#.*$/, ''));
  await page.locator('.kept-document a').click();
  await expect(page.locator('h1')).toContainText('example.org');
  const posts: string[] = [];
  page.on('request', (r) => { if (r.method() !== 'GET') posts.push(r.url()); });
  await expect(page.locator('#check-copy')).toBeVisible();
  await page.setInputFiles('#check-copy', { name: 'my-copy.pdf', mimeType: 'application/pdf', buffer: pdf });
  await expect(page.locator('#check-copy-result')).toHaveText('Your copy is this document, byte for byte.');
  await page.setInputFiles('#check-copy', { name: 'other.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([pdf, Buffer.from(' ')]) });
  await expect(page.locator('#check-copy-result')).toHaveText('Your copy is not the same file: its fingerprint differs.');
  expect(posts).toEqual([]);
});

for (const javaScriptEnabled of [true, false]) {
  test(`a deal is recorded with its second source’s document chosen on the form itself (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({ browser }) => {
    const tag = stamp();
    const title = `Data center abatement with agreement ${tag}`;
    const word = wordOf(tag);
    const pdf = await printedPdf(browser, ['Tax abatement agreement', `Schedule B sets the ${word} payment.`]);
    const mod = await moderatorPage(browser, javaScriptEnabled);
    await newOaklandDeal(mod, title, '4 million', `https://example.org/oakland/news/${tag}`);
    if (javaScriptEnabled) {
      // The second source is added in the page, and its file sent as soon as it is chosen.
      await mod.getByRole('button', { name: 'Add another source' }).click();
    } else {
      // Without JavaScript the form has room for one source; the second comes by editing.
      await expect(mod.locator('#source_file_1')).toHaveCount(0);
    }
    const row = javaScriptEnabled ? 1 : 0;
    if (javaScriptEnabled) {
      await mod.fill('#source_title_1', `Abatement agreement ${tag}`);
      await mod.fill('#source_publisher_1', 'City Clerk');
    } else {
      await mod.fill('#source_title_0', `Abatement agreement ${tag}`);
    }
    await expect(mod.getByLabel('Document (optional)').nth(row)).toBeVisible();
    await mod.setInputFiles(`#source_file_${row}`, { name: 'agreement.pdf', mimeType: 'application/pdf', buffer: pdf });
    if (javaScriptEnabled) {
      await expect(mod.locator(`#source_file_${row}-kept`)).toContainText(sha256(pdf).slice(0, 12));
      await expect(mod.locator(`#source_file_${row}`)).toHaveValue('');
    }
    await saveDeal(mod);
    await expect(mod).toHaveURL(/\/deals\/\d+$/);

    // Only that source has a kept document, with its fingerprint; its words are found.
    const kept = mod.locator('.kept-document');
    await expect(kept).toHaveCount(1);
    await expect(kept).toContainText(sha256(pdf));
    const anon = await (await browser.newContext()).newPage();
    await expect(async () => {
      await anon.goto(`/deals?q=${word}`);
      await expect(anon.getByRole('link', { name: title })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 30_000 });
    await expect(anon.locator('.found-in')).toContainText(`On page 1 of “Abatement agreement ${tag}”`);
  });
}

test('a program named .pdf is refused next to its field as soon as it is chosen', async ({ browser }) => {
  const mod = await moderatorPage(browser, true);
  await mod.goto('/deals/new');
  // The field sends a file once the page's script is running: its button shows then.
  await expect(mod.getByRole('button', { name: 'Add another source' })).toBeVisible();
  await mod.setInputFiles('#source_file_0', { name: 'minutes.pdf', mimeType: 'application/pdf', buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]) });
  const field = mod.locator('.field', { has: mod.locator('#source_file_0') });
  await expect(field.getByRole('alert')).toContainText('saved web pages (HTML)');
  await expect(mod.locator('#source_file_0-kept')).toHaveCount(0);
});

test('saving waits for a file still on its way, then keeps it', async ({ browser }) => {
  const tag = stamp();
  const title = `Ring partnership with memorandum ${tag}`;
  const pdf = await printedPdf(browser, ['Memorandum of understanding', `Signed ${tag}`]);
  const mod = await moderatorPage(browser, true);
  // The file takes a few seconds to arrive, as on a slow connection.
  await mod.route('**/documents', async (route) => {
    await new Promise((r) => setTimeout(r, 3000));
    await route.continue();
  });
  await mod.goto('/deals/new');
  await fillCommon(mod, title);
  await mod.fill('#jurisdiction', 'Oakland, CA');
  await mod.check('#undisclosed');
  await mod.fill('#source_title_0', `Memorandum ${tag}`);
  await mod.fill('#source_publisher_0', 'Police Department');
  await expect(mod.getByRole('button', { name: 'Add another source' })).toBeVisible();
  await mod.setInputFiles('#source_file_0', { name: 'memorandum.pdf', mimeType: 'application/pdf', buffer: pdf });
  await expect(mod.locator('.upload-progress')).toBeVisible();
  await mod.click('button:has-text("Save deal")');
  const field = mod.locator('.field', { has: mod.locator('#source_file_0') });
  await expect(field.getByRole('alert')).toContainText('Wait until the document has been sent');
  await expect(mod).toHaveURL(/\/deals\/new$/);
  await expect(mod.locator('#source_file_0-kept')).toContainText(sha256(pdf).slice(0, 12), { timeout: 15_000 });
  await expect(field.getByRole('alert')).toBeHidden();
  await saveDeal(mod);
  await expect(mod).toHaveURL(/\/deals\/\d+$/);
  await expect(mod.locator('.kept-document')).toContainText(sha256(pdf));
});
