import { test, expect } from '@playwright/test';
import { moderatorPage, stamp } from './helpers';

test('a moderator checks a Good Jobs First file, sees every row, then imports it', async ({ browser }) => {
  const page = await moderatorPage(browser);
  const tag = stamp();
  const csv = [
    'Company,Parent Company,Year,Location,County,State,Subsidy Value,Program Name,Awarding Agency,Type of Subsidy,Source of Data,Notes',
    `Amazon.com,Amazon.com,2019,Hilliard,Franklin,OH,"$1,500,000",Import test ${tag},City of Hilliard,property tax abatement,https://example.org/${tag},`,
    `Amazon.com,Amazon.com,2020,Springfield,,ZZ,"$5,000",Bad state ${tag},,grant,https://example.org/zz,`,
  ].join('\n');
  await page.goto('/review');
  await page.getByRole('link', { name: 'Import deals from a spreadsheet' }).click();
  await page.setInputFiles('#file', { name: `gjf-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Check the file' }).click();
  const report = page.locator('table.import-report');
  await expect(report).toContainText('Hilliard, OH (the awarding agency names it)');
  await expect(report.locator('tr.failed')).toContainText('"ZZ" is not a US state.');
  await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);

  // Import the good row only.
  await page.setInputFiles('#file', { name: `gjf-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.check('#partial');
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('button', { name: 'Import 1 row' }).click();
  await expect(page.locator('p.notice')).toContainText('1 deal created');
  await page.locator('table.import-report a', { hasText: `Import test ${tag}` }).click();
  await expect(page.locator('h1')).toContainText(`Import test ${tag}`);
  await expect(page.locator('main')).toContainText('$1,500,000');
});
