import { test, expect, signIn, hydrated, expectAccessible, companyId } from './fixtures';

test('a reseller administrator sees how many companies a change moves, saves, and sees where values come from', async ({ page }) => {
  await signIn(page, 'admin@acme.demo.test');
  await page.getByRole('link', { name: 'Recording mode of reseller Acme Telecom' }).click();
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Recording mode of reseller Acme Telecom' })).toBeVisible();
  await expect(page.getByTestId('mode-impact')).toContainText('After saving, 0 of 2 companies change their effective recording mode.');
  await page.getByLabel('Recording mode', { exact: true }).selectOption('on');
  await expect(page.getByTestId('mode-impact')).toContainText('After saving, 2 of 2 companies change their effective recording mode.');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save Changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  const northwind = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Northwind Traders' }) });
  await expect(northwind).toContainText("On, inherited from reseller 'Acme Telecom'");

  // The company page shows the same origin; the company's own Off overrides it.
  const company = await companyId(page, 'Northwind Traders');
  await page.goto(`/c/${company}/recording-mode`);
  await hydrated(page);
  await page.getByLabel('Recording mode', { exact: true }).selectOption('off');
  await expect(page.getByTestId('mode-impact')).toContainText("After saving, the company's effective recording mode changes.");
  await page.getByLabel('Recording mode', { exact: true }).selectOption('default');
  await expect(page.getByTestId('mode-impact')).toContainText("After saving, the company's effective recording mode does not change.");

  // Back to Default for the other tests.
  await page.goto(page.url().replace(/\/c\/.*$/, '/'));
  await page.getByRole('link', { name: 'Recording mode of reseller Acme Telecom' }).click();
  await hydrated(page);
  await page.getByLabel('Recording mode', { exact: true }).selectOption('default');
  await page.getByRole('button', { name: 'Save Changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(northwind).toContainText('Off, inherited from the system');
});

test('only the platform owner may change the system recording mode', async ({ page }) => {
  await signIn(page, 'admin@acme.demo.test');
  await page.goto('/system/recording-mode');
  await hydrated(page);
  await expect(page.getByLabel('Recording mode', { exact: true })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save Changes' })).toHaveCount(0);
  const current = await (await page.request.get('/api/v1/system/recording-mode')).json();
  const res = await page.request.put('/api/v1/system/recording-mode', { data: { mode: 'on', outbound: 'off', version: current.version } });
  expect(res.status()).toBe(403);
});

test("the system page lists only the companies in the administrator's scope", async ({ page }) => {
  await signIn(page, 'admin@acme.demo.test');
  await page.goto('/system/recording-mode');
  await hydrated(page);
  await expect(page.getByRole('rowheader', { name: 'Northwind Traders' })).toBeVisible();
  await expect(page.getByRole('rowheader', { name: 'Fabrikam' })).toHaveCount(0);
  await expectAccessible(page);
});
