import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { moderatorPage, signUp, stamp } from './helpers';

/** The one-line messages of a catalogue (`app/locales/<lang>/*.ftl`), by id. */
function catalogue(lang: string): Record<string, string> {
  const dir = path.join(__dirname, '..', '..', 'app', 'locales', lang);
  const out: Record<string, string> = {};
  for (const file of fs.readdirSync(dir)) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      const m = line.match(/^([a-zA-Z][\w-]*) = (.+)$/);
      if (m && !m[2].includes('{')) out[m[1]] = m[2].trim();
    }
  }
  return out;
}
const es = catalogue('es');
const en = catalogue('en');

const PLACE_URL = '/places/va/arlington-county';

test.describe.configure({ mode: 'serial' });

for (const javaScriptEnabled of [false, true]) {
  test(`a deal recorded in Spanish with a mistake shows the error in Spanish next to the field (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({ browser }) => {
    const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
    const handle = `es${stamp()}`;
    await signUp(page, handle);
    await page.goto('/es/deals/new');
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    const title = `Contrato sin guardar ${handle}`;
    // The options read in Spanish; chosen by value.
    await page.fill('#title', title);
    await page.selectOption('#entity_id', '2');
    await page.selectOption('#kind', 'cloud_contract');
    await page.selectOption('#status', 'active');
    await page.fill('#jurisdiction', 'Oakland, CA');
    await page.fill('#amount', '1200000');
    await page.selectOption('#value_basis', 'estimated');
    await page.fill('#source_url_0', 'ftp://example.org/contrato.pdf');
    await page.locator('main form button[type=submit]').last().click();
    await page.waitForLoadState('load');
    // The form post and its answer stay in Spanish, with the note next to the link field.
    await expect(page).toHaveURL(/\/es\/deals\/new/);
    await expect(page.locator('#err-source_url_0')).toHaveText(es['link-not-web']);
    await expect(page.locator('#err-source_url_0')).not.toHaveText(en['link-not-web']);
    await expect(page.locator('#source_url_0')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#title')).toHaveValue(title);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  });

  test(`the language switch on a place page is a plain link both ways (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({ browser }) => {
    const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
    await page.goto(PLACE_URL);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.locator('a.language').click();
    await expect(page).toHaveURL(new RegExp(`/es${PLACE_URL}$`));
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.locator('a.language')).toHaveText('In English');
    // Links on the Spanish page stay in Spanish.
    await expect(page.locator('header.site a.brand')).toHaveAttribute('href', '/es');
    await page.locator('a.language').click();
    await expect(page).toHaveURL(new RegExp(`${PLACE_URL}$`));
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('a.language')).toHaveText('En español');
  });
}

test('axe finds no accessibility violations on the Spanish pages', async ({ browser }) => {
  const axe = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const mod = await moderatorPage(browser);
  const check = async (page: Page, paths: string[]) => {
    for (const p of paths) {
      await page.goto(p);
      await expect(page.locator('html')).toHaveAttribute('lang', 'es');
      await page.evaluate(axe);
      const result: any = await page.evaluate(() => (window as any).axe.run(document, { resultTypes: ['violations'] }));
      const found = result.violations.map((v: any) => `${p}: ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(' | ')}`);
      expect(found).toEqual([]);
    }
  };
  // A deal of its own, recorded by the moderator through the Spanish form.
  await mod.goto('/es/deals/new');
  await mod.fill('#title', `Contrato de nube ${stamp()}`);
  await mod.selectOption('#entity_id', '2');
  await mod.selectOption('#kind', 'cloud_contract');
  await mod.selectOption('#status', 'active');
  await mod.fill('#jurisdiction', 'Arlington County, VA');
  await mod.fill('#amount', `${1000 + Math.floor(Math.random() * 1e6)}`);
  await mod.selectOption('#value_basis', 'maximum');
  await mod.fill('#approved', '2019-03-16');
  await mod.fill('#source_url_0', 'https://example.org/acta-2019.pdf');
  await mod.locator('main form button[type=submit]').last().click();
  await expect(mod).toHaveURL(/\/es\/deals\/\d+$/);
  const deal = new URL(mod.url()).pathname;
  await expect(mod.locator('main')).toContainText('16 de marzo de 2019');
  const page = await (await browser.newContext()).newPage();
  await check(page, ['/es', '/es/deals', '/es/deals?q=cloud', deal!, `/es${PLACE_URL}`, '/es/places/va', '/es/places', `/es/embed${PLACE_URL}`, '/es/about/data', '/es/login', '/es/signup']);
  await check(mod, ['/es/deals/new', '/es/review', '/es/account', `${deal}/history`]);
});
