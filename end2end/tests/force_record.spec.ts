import { test, expect, signIn, hydrated, expectAccessible, companyId, signInWithoutJs, setForceRecord, ALL_OFF } from './fixtures';
import type { Page } from '@playwright/test';

async function openForceRecord(page: Page, company: string) {
  await page.goto(`/c/${company}/force-record`);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Account Force Record' })).toBeVisible();
}

test.describe('Account Force Record', () => {
  let company = '';

  test.beforeEach(async ({ page }) => {
    await signIn(page, 'admin@northwind.demo.test');
    company = await companyId(page, 'Northwind Traders');
  });

  test.afterEach(async ({ page }) => {
    await setForceRecord(page, company);
  });

  test('a saved switch stays after reload and changes the simulator answer', async ({ page }) => {
    // Before: an external caller ringing Desk 201 is not recorded.
    await page.goto(`/c/${company}/simulator`);
    await hydrated(page);
    await page.getByLabel('Calling party', { exact: true }).selectOption({ label: 'External number' });
    await page.getByLabel('Called party', { exact: true }).selectOption({ label: 'Desk 201 (Ann Lee)' });
    await expect(page.getByTestId('verdict')).toHaveText('Not recorded');

    await openForceRecord(page, company);
    await page.getByLabel('Force record entire account: Inbound external calls').check();
    const preview = 'After saving, all inbound external calls of the company, queues and conferences included, will be recorded (were not).';
    await expect(page.getByTestId('impact')).toHaveText(preview);
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    // The server's account of the save agrees with the preview.
    await expect(page.getByTestId('saved-impact')).toHaveText(
      'All inbound external calls of the company, queues and conferences included, will be recorded (were not).',
    );
    await page.reload();
    await hydrated(page);
    await expect(page.getByLabel('Force record entire account: Inbound external calls')).toBeChecked();
    await expect(page.getByLabel('Force record all users: Inbound external calls')).not.toBeChecked();

    await page.goto(`/c/${company}/simulator`);
    await hydrated(page);
    await page.getByLabel('Calling party', { exact: true }).selectOption({ label: 'External number' });
    await page.getByLabel('Called party', { exact: true }).selectOption({ label: 'Desk 201 (Ann Lee)' });
    await expect(page.getByTestId('verdict')).toHaveText('Recorded');
    await expect(page.getByTestId('confirmation')).toHaveText('Confirmed by the server.');
    await expectAccessible(page);
  });

  test('a clashing feature code is named next to the field before saving, and the server refuses it too', async ({ page }) => {
    await openForceRecord(page, company);
    await page.getByLabel('Enable on-demand recording').check();
    const code = page.getByLabel('Feature code');
    await code.fill('*4');
    await expect(page.locator('#on-demand-code-error')).toHaveText(
      '*4 conflicts with *44, manual recording start: dialling it would cut that code short.',
    );
    await expect(code).toHaveAttribute('aria-invalid', 'true');
    await expectAccessible(page);
    // Sent straight to the server, the same input is refused with the same message.
    const current = await (await page.request.get(`/api/v1/companies/${company}/force-record`)).json();
    const res = await page.request.put(`/api/v1/companies/${company}/force-record`, {
      data: { ...current, on_demand: { enabled: true, code: '*4' } },
    });
    expect(res.status()).toBe(422);
    const body = await res.json();
    expect(body.error.field).toBe('on_demand.code');
    expect(body.error.message).toContain('*4 conflicts with *44');
    // A good code saves.
    await code.fill('*9');
    await expect(page.locator('#on-demand-code-error')).toHaveText('');
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Feature code')).toHaveValue('*9');
  });

  test('a save against a version someone else changed is refused and says so', async ({ page }) => {
    await openForceRecord(page, company);
    // Another administrator saves first.
    const current = await (await page.request.get(`/api/v1/companies/${company}/force-record`)).json();
    const res = await page.request.put(`/api/v1/companies/${company}/force-record`, {
      data: { ...current, all_users: { ...ALL_OFF, outbound: { onnet: false, offnet: true } } },
    });
    expect(res.status()).toBe(200);
    await page.getByLabel('Force record entire account: Outbound internal calls').check();
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await expect(page.getByRole('alert')).toContainText('This was changed by someone else since you opened it.');
    const after = await (await page.request.get(`/api/v1/companies/${company}/force-record`)).json();
    expect(after.entire_account.outbound.onnet).toBe(false);
    expect(after.all_users.outbound.offnet).toBe(true);
  });
});

test('Account Force Record saves with JavaScript off', async ({ browser, baseURL }) => {
  const { context, page } = await signInWithoutJs(browser, baseURL, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  try {
    await page.goto(`/c/${company}/force-record`);
    await page.getByLabel('Force record all users: Outbound external calls').check();
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await page.waitForURL(new RegExp(`/c/${company}/force-record`));
    await expect(page.getByLabel('Force record all users: Outbound external calls')).toBeChecked();
    const stored = await (await page.request.get(`/api/v1/companies/${company}/force-record`)).json();
    expect(stored.all_users.outbound.offnet).toBe(true);
  } finally {
    await setForceRecord(page, company);
    await context.close();
  }
});

test('Account Force Record is read-only for an unlicensed company', async ({ page }) => {
  await signIn(page, 'admin@fabrikam.demo.test');
  const company = await companyId(page, 'Fabrikam');
  await openForceRecord(page, company);
  await expect(page.getByText('Fabrikam has no call-recording licence')).toBeVisible();
  await expect(page.getByLabel('Force record entire account: Inbound external calls')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save Changes' })).toHaveCount(0);
});
