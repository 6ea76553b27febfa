import { test, expect, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { fillCommon, saveDeal, moderatorPage, stamp } from './helpers';

/** What the test run's SMTP server kept (scripts/smtp_sink.py, started by scripts/test.sh). */
const mailDir = process.env.MAIL_DIR ?? '';

type Mail = { to: string[]; subject: string; text: string; html: string; headers: Record<string, string> };

/** Waits for a mail to `to` whose text holds `words`. */
async function mailTo(to: string, words: string): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      () => {
        const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir).filter((f) => f.endsWith('.json')).sort() : [];
        found = files
          .map((f) => JSON.parse(fs.readFileSync(path.join(mailDir, f), 'utf8')) as Mail)
          .find((m) => m.to[0] === to && m.text.includes(words));
        return found !== undefined;
      },
      { timeout: 20_000, message: `a mail to ${to} saying "${words}"` },
    )
    .toBe(true);
  return found!;
}

/** The link to `to` in a mail's text. */
function linkIn(mail: Mail, to: string): string {
  const at = mail.text.indexOf(to);
  expect(at, `a ${to} link in the mail`).toBeGreaterThan(0);
  const start = mail.text.lastIndexOf('http', at);
  return mail.text.slice(start).split(/\s/)[0];
}

/** Records a deal in `place` as a moderator (published at once). */
async function publish(page: Page, title: string, place: string) {
  await page.goto('/deals/new');
  await fillCommon(page, title);
  await page.fill('#jurisdiction', place);
  await page.fill('#amount', '$1,200,000');
  await page.selectOption('#value_basis', 'maximum');
  await page.fill('#source_url_0', `https://example.org/${encodeURIComponent(title)}`);
  await saveDeal(page);
  await expect(page).toHaveURL(/\/deals\/\d+$/);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', () => {
    test.use({ javaScriptEnabled });

    test('follow a place by email, confirm from the mail, get the instant mail, unsubscribe', async ({ page, browser }) => {
      // Mail is part of the feature: without the run's SMTP sink this test fails, never skips.
      expect(mailDir, 'MAIL_DIR: the SMTP sink scripts/test.sh starts').not.toBe('');
      const place = javaScriptEnabled ? { name: 'Tacoma, WA', path: '/places/wa/tacoma' } : { name: 'Eugene, OR', path: '/places/or/eugene' };
      const email = `follower${stamp()}@example.org`;

      await page.goto(place.path);
      await page.getByRole('link', { name: 'Follow this place' }).click();
      await expect(page.getByRole('heading', { name: 'By email' })).toBeVisible();
      // A mistyped address is refused next to its field, with what was typed kept.
      await page.fill('#email', 'follower@example');
      await page.check('#frequency-instant');
      await page.click('button:has-text("Send me email updates")');
      await expect(page.locator('#err-email')).toContainText('does not look like an email address');
      await expect(page.locator('#email')).toHaveValue('follower@example');
      await page.fill('#email', email);
      await page.check('#frequency-instant');
      await page.click('button:has-text("Send me email updates")');
      await expect(page.getByRole('status')).toContainText('Check your inbox');

      const confirm = await mailTo(email, '/follow/confirm?token=');
      await page.goto(linkIn(confirm, '/follow/confirm?token='));
      await expect(page.getByRole('heading', { name: 'Confirm your email updates' })).toBeVisible();
      await expect(page.locator('main')).toContainText(email);
      await page.click('button:has-text("Yes, send me the emails")');
      await expect(page.getByRole('status')).toContainText('Confirmed.');
      await expect(page.locator('.follow-list')).toContainText(place.name);

      const title = `Follow test contract ${stamp()}`;
      const mod = await moderatorPage(browser, javaScriptEnabled);
      await publish(mod, title, place.name);
      const instant = await mailTo(email, title);
      expect(instant.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
      await page.goto(linkIn(instant, '/deals/'));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);

      await page.goto(linkIn(instant, '/follow/unsubscribe?token='));
      await expect(page.locator('main')).toContainText(`Stop sending emails about ${place.name}`);
      await page.click('button:has-text("Stop the emails")');
      await expect(page.getByRole('status')).toContainText('you will not get more of these emails');
      // The manage link from the mail now finds nothing for the address.
      await page.goto(linkIn(instant, '/follow/manage?token='));
      await expect(page.locator('main')).toContainText('This address gets no emails from this site');
    });
  });
}
