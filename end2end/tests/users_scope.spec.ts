import { test, expect, login, signIn, hydrated, expectAccessible, companyId, signInWithoutJs } from './fixtures';

test('the Users page filters by Me, a team or everyone', async ({ page }) => {
  await signIn(page, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  await page.goto(`/c/${company}/users`);
  await hydrated(page);
  const filter = page.getByRole('search', { name: 'Whose settings' });
  await filter.getByLabel('Filter by').selectOption('teams');
  await filter.getByLabel('Team (for Specific teams)').selectOption({ label: 'Sales' });
  await filter.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/scope=teams/);
  const names = page.locator('tbody th[scope="row"]');
  await expect(names).toHaveText(['Dev Patel', 'Erin Moss']);
  // The Show button loads a new page: a choice made before it hydrates is reset by hydration.
  await hydrated(page);
  await page.getByRole('search', { name: 'Whose settings' }).getByLabel('Filter by').selectOption('me');
  await page.getByRole('search', { name: 'Whose settings' }).getByRole('button', { name: 'Show' }).click();
  await expect(page.getByText('Users whose e-mail address is yours (admin@northwind.demo.test).')).toBeVisible();
  await expect(page.getByText('No user of this company has your e-mail address.')).toBeVisible();
  await hydrated(page);
  await page.getByRole('search', { name: 'Whose settings' }).getByLabel('Filter by').selectOption('everyone');
  await page.getByRole('search', { name: 'Whose settings' }).getByRole('button', { name: 'Show' }).click();
  await expect(names).toHaveCount(6);
  await expectAccessible(page);
});

test('another session is ended from Your account', async ({ page, browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  const other = await context.newPage();
  await signIn(other, 'admin@contoso.demo.test');
  await signIn(page, 'admin@contoso.demo.test');
  await page.locator('.who-name').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await hydrated(page);
  // Every session but this one: the other browser's among them.
  const others = page.getByRole('row').filter({ hasNotText: '(this session)' }).filter({ has: page.getByRole('button', { name: 'End session' }) });
  await expect(page.getByRole('row').filter({ hasText: '(this session)' })).toHaveCount(1);
  let left = await others.count();
  expect(left).toBeGreaterThan(0);
  while (left > 0) {
    await others.first().getByRole('button', { name: 'End session' }).click();
    await expect(others).toHaveCount(left - 1);
    left -= 1;
  }
  await expect(page.getByRole('status').filter({ hasText: 'The session was ended.' })).toBeVisible();
  await other.reload();
  await other.waitForURL(/\/login/);
  await context.close();
});

test("a queue's contact-center options are saved without JavaScript", async ({ browser, baseURL }) => {
  const { context, page } = await signInWithoutJs(browser, baseURL, 'admin@contoso.demo.test');
  const company = await companyId(page, 'Contoso');
  const queues = await (await page.request.get(`/api/v1/companies/${company}/queues`)).json();
  await page.goto(`/c/${company}/queues/${queues[0].id}?tab=contact-center`);
  const form = page.getByRole('form', { name: 'Contact center options' });
  await form.getByLabel('Agent-only recording: record the agents, not the caller').check();
  await form.getByRole('button', { name: 'Save contact center options' }).click();
  await expect(page).toHaveURL(/tab=contact-center/);
  await expect(page.getByRole('form', { name: 'Contact center options' }).getByText('Saved.')).toBeVisible();
  await expect(page.getByLabel('Agent-only recording: record the agents, not the caller')).toBeChecked();
  await context.close();
});
