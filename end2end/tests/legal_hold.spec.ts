import { test, expect, signIn, signInWithoutJs, hydrated, expectAccessible, companyId, uploadCalls } from './fixtures';
import type { Page } from '@playwright/test';

/// Two recordings of a caller nobody else has, uploaded by the engine; the caller's name.
async function twoCalls(page: Page, playwright: Parameters<typeof uploadCalls>[1], baseURL: string | undefined, company: string): Promise<string> {
  const caller = `Holdtest ${Date.now()}`;
  await uploadCalls(page, playwright, baseURL, company, caller, ['2026-11-21T10:00:00Z', '2026-11-22T10:00:00Z']);
  return caller;
}

test('a legal hold is placed on every recording of the filtered list after seeing the count, shown, and released on a details page', async ({ page, playwright, baseURL }) => {
  await signIn(page, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  const caller = await twoCalls(page, playwright, baseURL, company);
  await page.goto(`/c/${company}/recordings?q=${encodeURIComponent(caller)}`);
  await hydrated(page);
  await page.getByText('Legal hold for the recordings of this filter').click();
  await expect(page.getByTestId('bulk-hold-preview')).toHaveText('This filter matches 2 recordings; a hold would be placed on 2 recordings.');
  await expectAccessible(page);

  await page.locator('#bulk-hold-reason').fill('Subject access case');
  await page.locator('#bulk-hold-case_reference').fill('SAR-77');
  await page.getByRole('button', { name: 'Place on legal hold' }).click();
  await expect(page.locator('#bulk-hold-confirm-error')).toContainText('Tick the box to confirm');
  await page.getByLabel('Place the hold on these 2 recordings').check();
  await page.getByRole('button', { name: 'Place on legal hold' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'A legal hold was placed on 2 recordings.' })).toBeVisible();
  await expect(page.locator('tbody .badge', { hasText: 'On hold' })).toHaveCount(2);

  // The list filters on the hold.
  await page.getByLabel('Legal hold').selectOption('held');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/hold=held/);
  await expect(page.locator('tbody tr')).toHaveCount(2);

  await page.locator('tbody th a').first().click();
  await hydrated(page);
  await expect(page.getByTestId('legal-hold')).toContainText('Placed by admin@northwind.demo.test');
  await expect(page.getByTestId('legal-hold')).toContainText('Reason: Subject access case. Case: SAR-77.');
  await expect(page.getByRole('link', { name: 'Delete recording…' })).toHaveCount(0);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Release the hold' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The hold was released.' })).toBeVisible();
  await expect(page.getByTestId('legal-hold')).toHaveText('Not on legal hold.');
  await expect(page.getByRole('link', { name: 'Delete recording…' })).toBeVisible();
});

test('a legal hold is placed and released with JavaScript off', async ({ browser, baseURL, page, playwright }) => {
  await signIn(page, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  const caller = await twoCalls(page, playwright, baseURL, company);
  const { context, page: plain } = await signInWithoutJs(browser, baseURL, 'admin@northwind.demo.test');
  try {
    await plain.goto(`/c/${company}/recordings?q=${encodeURIComponent(caller)}`);
    await plain.locator('tbody th a').first().click();
    await expect(plain.getByTestId('legal-hold')).toHaveText('Not on legal hold.');
    await plain.locator('#hold-reason').fill('Complaint 12');
    await plain.getByRole('button', { name: 'Place on legal hold' }).click();
    await expect(plain).toHaveURL(/held=1/);
    await expect(plain.getByTestId('legal-hold')).toContainText('Reason: Complaint 12.');
    await plain.getByRole('button', { name: 'Release the hold' }).click();
    await expect(plain).toHaveURL(/released=1/);
    await expect(plain.getByTestId('legal-hold')).toHaveText('Not on legal hold.');

    // Over the filter: the count is there before anything is confirmed.
    await plain.goto(`/c/${company}/recordings?q=${encodeURIComponent(caller)}`);
    await plain.getByText('Legal hold for the recordings of this filter').click();
    await expect(plain.getByTestId('bulk-hold-preview')).toHaveText('This filter matches 2 recordings; a hold would be placed on 2 recordings.');
    await plain.locator('#bulk-hold-reason').fill('Claim 5');
    await plain.getByLabel('Place the hold on these 2 recordings').check();
    await plain.getByRole('button', { name: 'Place on legal hold' }).click();
    await expect(plain).toHaveURL(/held=2/);
    await expect(plain.getByRole('status').filter({ hasText: 'A legal hold was placed on 2 recordings.' })).toBeVisible();
    await expect(plain.locator('tbody .badge', { hasText: 'On hold' })).toHaveCount(2);
  } finally {
    await context.close();
  }
});
