import { test, expect, signIn, hydrated, expectAccessible, companyId, signInWithoutJs, setForceRecord, cells } from './fixtures';
import type { Page } from '@playwright/test';

// The Policy Simulator answers chart rows of seed 004 in real Chromium: the preview is the
// shared policy code in WASM, confirmed by the server.

async function openSimulator(page: Page, company: string) {
  await page.goto(`/c/${company}/simulator`);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Policy Simulator' })).toBeVisible();
}

const verdict = (page: Page) => page.getByTestId('verdict');
const step = (page: Page, rule: string) => page.locator(`.trace li[data-rule="${rule}"]`);

test.describe('Policy Simulator', () => {
  let company = '';

  test.beforeEach(async ({ page }) => {
    await signIn(page, 'admin@northwind.demo.test');
    company = await companyId(page, 'Northwind Traders');
  });

  test.afterEach(async ({ page }) => {
    await setForceRecord(page, company, {});
  });

  test('account chart: an external caller to a device, Entire Account > Inbound > Offnet, is recorded', { tag: '@postgres' }, async ({ page }) => {
    await setForceRecord(page, company, { entire_account: cells('inbound', 'offnet') });
    await openSimulator(page, company);
    await page.getByLabel('Calling party', { exact: true }).selectOption({ label: 'External number' });
    await page.getByLabel('Called party', { exact: true }).selectOption({ label: 'Desk 201 (Ann Lee)' });
    await expect(verdict(page)).toHaveText('Recorded');
    await expect(step(page, 'entire_account.inbound.offnet')).toHaveClass(/fired/);
    await expect(page.getByTestId('confirmation')).toHaveText('Confirmed by the server.');
    await expect(page.getByTestId('treatment')).toContainText('No limit');

    // The Storage page's maximum length reaches the treatment the engine is told.
    const storage = `/api/v1/companies/${company}/storage`;
    const version = (await (await page.request.get(storage)).json()).version;
    const set = await page.request.put(storage, { data: { storage: { max_length_seconds: 5400 }, version } });
    expect(set.status()).toBe(200);
    try {
      await openSimulator(page, company);
      await page.getByLabel('Calling party', { exact: true }).selectOption({ label: 'External number' });
      await page.getByLabel('Called party', { exact: true }).selectOption({ label: 'Desk 201 (Ann Lee)' });
      await expect(page.getByTestId('treatment')).toContainText("1 h 30 min · from company 'Northwind Traders'");
      await expect(page.getByTestId('confirmation')).toHaveText('Confirmed by the server.');
    } finally {
      await page.request.put(storage, { data: { storage: { max_length_seconds: null }, version: version + 1 } });
    }
  });

  test('account chart: a device calling out, Entire Account > Outbound > Onnet, is not recorded', async ({ page }) => {
    await setForceRecord(page, company, { entire_account: cells('outbound', 'onnet') });
    await openSimulator(page, company);
    await page.getByLabel('Calling party', { exact: true }).selectOption({ label: 'Desk 201 (Ann Lee)' });
    await page.getByLabel('Called party', { exact: true }).selectOption({ label: 'External number' });
    await expect(verdict(page)).toHaveText('Not recorded');
    await expect(page.getByTestId('confirmation')).toHaveText('Confirmed by the server.');
    // The same setting records an internal call (device to device).
    await page.getByLabel('Called party', { exact: true }).selectOption({ label: 'Desk 202 (Bob Stone)' });
    await expect(verdict(page)).toHaveText('Recorded');
    await expect(step(page, 'entire_account.outbound.onnet')).toHaveClass(/fired/);
    await expect(page.getByTestId('confirmation')).toHaveText('Confirmed by the server.');
  });

  test('endpoint chart: Outbound > Offnet for all users records a device calling out, and says why', async ({ page }) => {
    await setForceRecord(page, company, { all_users: cells('outbound', 'offnet') });
    await openSimulator(page, company);
    await page.getByLabel('Calling party', { exact: true }).selectOption({ label: 'Desk 201 (Ann Lee)' });
    await page.getByLabel('Called party', { exact: true }).selectOption({ label: 'External number' });
    await expect(verdict(page)).toHaveText('Recorded');
    await expect(step(page, 'endpoint.outbound.offnet')).toContainText(
      "Device 'Desk 201' outbound to external: On, the account default for all users",
    );
    // Endpoint chart: the same setting does not record an external caller ringing the device.
    await page.getByLabel('Calling party', { exact: true }).selectOption({ label: 'External number' });
    await page.getByLabel('Called party', { exact: true }).selectOption({ label: 'Desk 201 (Ann Lee)' });
    await expect(verdict(page)).toHaveText('Not recorded');
    await expect(page.getByTestId('confirmation')).toHaveText('Confirmed by the server.');
  });

  test("a queue caller who presses the reject key is not recorded, whatever the account says", { tag: '@postgres' }, async ({ page }) => {
    await setForceRecord(page, company, { entire_account: cells('inbound', 'offnet') });
    await openSimulator(page, company);
    await page.getByLabel('Calling party', { exact: true }).selectOption({ label: 'External number' });
    await page.getByLabel('Called party', { exact: true }).selectOption({ label: 'Support line (prompt: 1 to accept, 2 to reject)' });
    await page.getByLabel('The reject key').check();
    await expect(verdict(page)).toHaveText('Not recorded');
    await expect(page.locator('.reason')).toHaveText('Not recorded: the caller opted out.');
    await page.getByLabel('The accept key').check();
    await expect(verdict(page)).toHaveText('Recorded');
    await expect(page.getByTestId('confirmation')).toHaveText('Confirmed by the server.');
    await expectAccessible(page);
  });

  test('a bad number is named next to its field', async ({ page }) => {
    await openSimulator(page, company);
    await page.getByLabel('Calling party', { exact: true }).selectOption({ label: 'External number' });
    await page.getByLabel('External number, when the caller is external').fill('12');
    await page.getByLabel('External number, when the caller is external').press('Tab');
    const field = page.getByLabel('External number, when the caller is external');
    await expect(field).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('#sim-source_number-error')).toHaveText(
      'Enter a phone number: 3 to 20 digits, optionally starting with +.',
    );
    await expectAccessible(page);
  });

  test('when the server disagrees with the preview, the page says so', async ({ page }) => {
    await openSimulator(page, company);
    await page.getByLabel('Calling party', { exact: true }).selectOption({ label: 'External number' });
    await page.getByLabel('Called party', { exact: true }).selectOption({ label: 'Desk 202 (Bob Stone)' });
    await expect(verdict(page)).toHaveText('Not recorded');
    await expect(page.getByTestId('confirmation')).toBeVisible();
    // Someone changes the policy after the page loaded: the preview still uses what it
    // loaded, the server uses the new setting.
    await setForceRecord(page, company, { entire_account: cells('inbound', 'offnet') });
    await page.getByLabel('Called party', { exact: true }).selectOption({ label: 'Desk 201 (Ann Lee)' });
    await expect(page.getByTestId('mismatch')).toContainText('The server decided differently: Recorded.');
  });
});

test('the simulator form works with JavaScript off', async ({ browser, baseURL }) => {
  const { context, page } = await signInWithoutJs(browser, baseURL, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  await setForceRecord(page, company, { entire_account: cells('inbound', 'offnet') });
  try {
    await page.goto(`/c/${company}/simulator`);
    await page.getByLabel('Calling party', { exact: true }).selectOption({ label: 'External number' });
    await page.getByLabel('Called party', { exact: true }).selectOption({ label: 'Support line (prompt: 1 to accept, 2 to reject)' });
    await page.getByLabel('The reject key').check();
    await page.getByRole('button', { name: 'Simulate' }).click();
    await expect(page).toHaveURL(/caller_input=reject/);
    await expect(verdict(page)).toHaveText('Not recorded');
    await expect(page.getByTestId('confirmation')).toHaveText('Confirmed by the server.');

    await page.getByLabel('Called party', { exact: true }).selectOption({ label: 'Desk 201 (Ann Lee)' });
    await page.getByRole('button', { name: 'Simulate' }).click();
    await expect(verdict(page)).toHaveText('Recorded');
    await expect(step(page, 'entire_account.inbound.offnet')).toHaveClass(/fired/);
  } finally {
    await setForceRecord(page, company, {});
    await context.close();
  }
});

test('a supervisor may not open the simulator', async ({ page }) => {
  await signIn(page, 'supervisor@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  const res = await page.goto(`/c/${company}/simulator`);
  expect(res!.status()).toBe(403);
});
