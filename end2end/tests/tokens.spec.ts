import { test, expect, signIn, hydrated, expectAccessible, companyId, signInWithoutJs } from './fixtures';

test('a token is made with chosen privileges, shown once, used, and revoked after a confirmation', async ({ page, playwright, baseURL }) => {
  await signIn(page, 'admin@fabrikam.demo.test');
  const company = await companyId(page, 'Fabrikam');
  await page.getByRole('navigation', { name: 'Company sections' }).getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible();
  await hydrated(page);

  // No privilege chosen: named next to the privileges.
  await page.getByLabel('Name', { exact: true }).fill('Telephony engine');
  await page.getByRole('button', { name: 'Make token' }).click();
  await expect(page.locator('#token-privileges-error')).toHaveText('Choose at least one privilege.');

  await page.getByLabel('Queues: View', { exact: true }).check();
  await page.getByRole('button', { name: 'Make token' }).click();
  const secret = await page.getByLabel('Token', { exact: true }).inputValue();
  expect(secret.length).toBeGreaterThan(32);
  await expect(page.getByText('Copy it now: it is not shown again.')).toBeVisible();
  await expectAccessible(page);

  const api = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${secret}` } });
  try {
    expect((await api.get(`/api/v1/companies/${company}/queues`)).status()).toBe(200);
    await page.reload();
    await hydrated(page);
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Telephony engine' }) });
    await expect(row).toContainText('Queues: View');
    await expect(row.locator('td').nth(2)).toContainText('UTC');
    await expect(page.getByText(secret)).toHaveCount(0);

    await row.getByRole('link', { name: 'Revoke Telephony engine' }).click();
    await expect(page.getByText('Revoke Telephony engine? Whatever uses it is refused from now on.')).toBeVisible();
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'The token was revoked' })).toBeVisible();
    expect((await api.get(`/api/v1/companies/${company}/queues`)).status()).toBe(401);
  } finally {
    await api.dispose();
  }
});

test('a token is made with JavaScript off, its secret shown once', async ({ browser, baseURL }) => {
  const { context, page } = await signInWithoutJs(browser, baseURL, 'admin@fabrikam.demo.test');
  try {
    const company = await companyId(page, 'Fabrikam');
    await page.goto(`/c/${company}/tokens`);
    await page.getByLabel('Name', { exact: true }).fill('Nightly export');
    await page.getByRole('button', { name: 'Make token' }).click();
    await expect(page.locator('#token-privileges-error')).toHaveText('Choose at least one privilege.');
    await page.getByLabel('Name', { exact: true }).fill('Nightly export');
    await page.getByLabel('Recordings: View', { exact: true }).check();
    await page.getByLabel('Expires after (days)').fill('30');
    await page.getByRole('button', { name: 'Make token' }).click();
    const secret = await page.getByLabel('Token', { exact: true }).inputValue();
    expect(secret.length).toBeGreaterThan(32);
    expect(page.url()).not.toContain(secret);
    await expect(page.getByRole('rowheader', { name: 'Nightly export' })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Token', { exact: true })).toHaveCount(0);
  } finally {
    await context.close();
  }
});
