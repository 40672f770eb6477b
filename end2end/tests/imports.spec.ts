import { test, expect, signIn, hydrated, expectAccessible, companyId, signInWithoutJs } from './fixtures';
import type { Page } from '@playwright/test';

/// Chooses a CSV file in the page's import form and asks for its preview.
async function upload(page: Page, kind: 'users' | 'devices', csv: string) {
  const panel = page.locator('details.import-panel');
  if ((await panel.getAttribute('open')) === null) await panel.locator('summary').click();
  await page.getByLabel(`CSV file of ${kind}`).setInputFiles({ name: `${kind}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Preview import' }).click();
}

test('a users CSV is previewed line by line, refused while a line is wrong, then applied', async ({ page }) => {
  await signIn(page, 'owner@demo.test');
  const company = await companyId(page, 'Contoso');
  await page.goto(`/c/${company}/users`);
  await hydrated(page);
  await page.locator('details.import-panel summary').click();
  await expect(page.getByRole('link', { name: 'Export users as CSV' })).toHaveAttribute('href', `/api/v1/companies/${company}/users.csv`);
  await expectAccessible(page);

  // A file that is not an import: back on the page, the reason next to the file field.
  await upload(page, 'users', 'who,where\nGina,here\n');
  await expect(page.locator('#import-users-error')).toContainText('unknown column "who"');

  // One good line, one wrong: the preview says which, and offers nothing to apply.
  await upload(page, 'users', 'name,extension,team\nPlaywright Person,150,Service desk\nBroken,1x,Nowhere\nGina Park,100,Service desk\n');
  await page.waitForURL(/\/users\/import\//);
  await hydrated(page);
  await expect(page.getByRole('status').filter({ hasText: '3 lines. 1 to add, 0 to change, 1 already as the file says, 1 with errors.' })).toBeVisible();
  const broken = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Broken (1x)' }) });
  await expect(broken).toContainText('No team of this company is named "Nowhere".');
  await expect(broken).toContainText('An extension is 2 to 10 digits.');
  await expect(page.getByRole('button', { name: /^Apply/ })).toHaveCount(0);
  await expectAccessible(page);

  // Fixed: applied, and back on the Users page with what it did.
  await page.getByRole('link', { name: 'Cancel' }).click();
  await hydrated(page);
  await upload(page, 'users', 'name,extension,team\nPlaywright Person,150,Service desk\n');
  await page.waitForURL(/\/users\/import\//);
  await hydrated(page);
  await page.getByRole('button', { name: 'Apply: add 1, change 0' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Import done: 1 users added, 0 changed, 0 already as the file says.' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Playwright Person' })).toBeVisible();

  const users = await (await page.request.get(`/api/v1/companies/${company}/users`)).json();
  const made = users.find((u: any) => u.name === 'Playwright Person');
  expect((await page.request.delete(`/api/v1/users/${made.id}`)).status()).toBe(204);
});

test('a devices CSV is imported with JavaScript off', async ({ browser, baseURL }) => {
  const { context, page } = await signInWithoutJs(browser, baseURL, 'owner@demo.test');
  try {
    const company = await companyId(page, 'Contoso');
    await page.goto(`/c/${company}/devices`);
    await upload(page, 'devices', 'name,owner_extension\nPlaywright phone,101\n');
    await page.waitForURL(/\/devices\/import\//);
    await expect(page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Playwright phone' }) })).toContainText('Add');
    await page.getByRole('button', { name: 'Apply: add 1, change 0' }).click();
    await page.waitForURL(/\/devices\?imported=1\.0\.0/);
    await expect(page.getByRole('status').filter({ hasText: 'Import done: 1 devices added' })).toBeVisible();
    const devices = await (await page.request.get(`/api/v1/companies/${company}/devices`)).json();
    const made = devices.find((d: any) => d.name === 'Playwright phone');
    expect(made.owner).not.toBeNull();
    expect((await page.request.delete(`/api/v1/devices/${made.id}`)).status()).toBe(204);
  } finally {
    await context.close();
  }
});
