import { test, expect, signIn, signInWithoutJs, hydrated, expectAccessible, companyId, uploadCalls } from './fixtures';
import { readFileSync } from 'node:fs';

test('the recordings of the filtered list download as one ZIP with their manifest', async ({ page, playwright, baseURL }) => {
  await signIn(page, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  const caller = `Zipped ${Date.now()}`;
  await uploadCalls(page, playwright, baseURL, company, caller, ['2026-11-21T10:00:00Z', '2026-11-22T10:00:00Z']);
  await page.goto(`/c/${company}/recordings?q=${encodeURIComponent(caller)}`);
  await hydrated(page);
  await page.getByText('Download the recordings of this filter').click();
  await expect(page.getByTestId('bulk-download-preview')).toHaveText('2 recordings match this filter.');
  await expectAccessible(page);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download 2 recordings (ZIP)' }).click();
  const done = await download;
  expect(done.suggestedFilename()).toMatch(/^recordings-Northwind-Traders-\d{4}-\d{2}-\d{2}\.zip$/);
  // Its entries are stored, not deflated: the manifest's text is in the file as it is (the
  // ZIP's structure is read back by tests/bulk_download_api.rs).
  const bytes = readFileSync(await done.path());
  expect(bytes.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
  const text = bytes.toString('latin1');
  expect(text).toContain('manifest.csv');
  expect(text.split('\r\n').filter((l) => l.includes(caller))).toHaveLength(2);
});

test('the bulk download is counted and linked with JavaScript off', async ({ browser, baseURL, page, playwright }) => {
  await signIn(page, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  const caller = `Plain zipped ${Date.now()}`;
  await uploadCalls(page, playwright, baseURL, company, caller, ['2026-11-21T10:00:00Z']);
  const { context, page: plain } = await signInWithoutJs(browser, baseURL, 'admin@northwind.demo.test');
  try {
    await plain.goto(`/c/${company}/recordings?q=${encodeURIComponent(caller)}`);
    await plain.getByText('Download the recordings of this filter').click();
    await expect(plain.getByTestId('bulk-download-preview')).toHaveText('1 recording matches this filter.');
    const link = plain.getByRole('link', { name: 'Download 1 recording (ZIP)' });
    await expect(link).toHaveAttribute('href', new RegExp(`/api/v1/companies/${company}/recordings.zip\\?q=`));
  } finally {
    await context.close();
  }
});
