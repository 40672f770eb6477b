import { test, expect, signIn, hydrated, expectAccessible, companyId, signInWithoutJs } from './fixtures';

test('the audit log shows the change just made, filters it, and exports it as CSV', async ({ page }) => {
  await signIn(page, 'admin@contoso.demo.test');
  const company = await companyId(page, 'Contoso');
  // A change to make: a new queue, then renamed.
  const created = await page.request.post(`/api/v1/companies/${company}/queues`, { data: { name: 'Audit trail desk' } });
  expect(created.status(), await created.text()).toBe(201);
  const queue = await created.json();
  await page.goto(`/c/${company}/queues/${queue.id}`);
  await hydrated(page);
  await page.getByLabel('Name', { exact: true }).fill('Audit trail counter');
  await page.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail counter' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Company sections' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await hydrated(page);
  const newest = page.getByRole('table', { name: 'Audit log entries' }).locator('tbody tr').first();
  await expect(newest).toContainText('queue.rename');
  await expect(newest).toContainText('admin@contoso.demo.test');
  await expect(newest.locator('.changes li').filter({ hasText: 'name' })).toContainText('Audit trail desk → Audit trail counter');
  await expectAccessible(page);

  await page.getByLabel('Action').selectOption('queue.create');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/action=queue.create/);
  const actions = await page.locator('tbody th').allTextContents();
  expect(actions.length).toBeGreaterThan(0);
  expect(new Set(actions)).toEqual(new Set(['queue.create']));

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-log-Contoso-\d{4}-\d{2}-\d{2}\.csv$/);
  const { readFileSync } = await import('node:fs');
  const lines = readFileSync((await download.path()) as string, 'utf8').trim().split('\r\n');
  expect(lines[0]).toBe('id,at,actor,action,outcome,object_kind,object_id,detail,changes');
  expect(lines.length).toBe(actions.length + 1);
  expect(lines.slice(1).every((l) => l.includes(',queue.create,'))).toBeTruthy();
  expect(lines.some((l) => l.includes('name:  -> Audit trail desk'))).toBeTruthy();
});

test('the audit log filters with JavaScript off, and a supervisor may not open it', async ({ browser, baseURL }) => {
  const { context, page } = await signInWithoutJs(browser, baseURL, 'admin@northwind.demo.test');
  try {
    const company = await companyId(page, 'Northwind Traders');
    await page.goto(`/c/${company}/audit-log`);
    await page.getByLabel('Administrator').fill('nobody-at-all');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/actor=nobody-at-all/);
    await expect(page.getByText('No entries match these filters.')).toBeVisible();
  } finally {
    await context.close();
  }
  const supervisor = await signInWithoutJs(browser, baseURL, 'supervisor@northwind.demo.test');
  try {
    const company = await companyId(supervisor.page, 'Northwind Traders');
    const res = await supervisor.page.goto(`/c/${company}/audit-log`);
    expect(res?.status()).toBe(403);
    await expect(supervisor.page.getByRole('heading', { name: 'You are not allowed to open this page' })).toBeVisible();
  } finally {
    await supervisor.context.close();
  }
});

test('the audit log of a whole scope shows logins above company level', async ({ page }) => {
  await signIn(page, 'admin@acme.demo.test');
  await page.getByRole('link', { name: 'Audit log of your whole scope' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Action').selectOption('login');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/action=login/);
  await expect(page.getByRole('row').filter({ hasText: 'admin@acme.demo.test' }).first()).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'admin@bluewave.demo.test' })).toHaveCount(0);
  await expectAccessible(page);
});
