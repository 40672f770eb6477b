import { test, expect, login, signIn, hydrated, expectAccessible, companyId, navItems, PASSWORD } from './fixtures';

const ALL = [
  'Overview',
  'Queues',
  'Account Force Record',
  'Users',
  'Devices',
  'Stored Recordings',
  'Missing recordings',
  'Recording mode',
  'Audit log',
  'Administrators',
  'Audio library',
  'Recording treatment',
  'Storage',
  'Retention',
  'Policy Simulator',
  'Erasure requests',
  'Teams',
  'Roles',
  'API tokens',
];

// docs/ACCESS.md: which companies each demo login reaches and what its navigation shows.
const LOGINS = [
  { email: 'owner@demo.test', companies: ['Northwind Traders', 'Contoso', 'Fabrikam'], nav: ALL },
  { email: 'admin@acme.demo.test', companies: ['Northwind Traders', 'Contoso'], nav: ALL },
  { email: 'admin@bluewave.demo.test', companies: ['Fabrikam'], nav: ALL },
  { email: 'admin@northwind.demo.test', companies: ['Northwind Traders'], nav: ALL },
  { email: 'admin@contoso.demo.test', companies: ['Contoso'], nav: ALL },
  { email: 'admin@fabrikam.demo.test', companies: ['Fabrikam'], nav: ALL },
  { email: 'supervisor@northwind.demo.test', companies: ['Northwind Traders'], nav: ['Overview', 'Queues', 'Stored Recordings', 'Missing recordings'] },
];

for (const l of LOGINS) {
  test(`${l.email} sees the navigation of its role`, async ({ page }) => {
    await login(page, l.email);
    const first = l.companies[0];
    if (l.companies.length > 1) {
      // Several companies: the start page lists exactly those in scope.
      await expect(page.getByRole('heading', { name: 'Companies' })).toBeVisible();
      const names = (await page.locator('.company-cards a').allTextContents()).map((t) => t.trim()).sort();
      expect(names).toEqual([...l.companies].sort());
      await page.getByRole('link', { name: first }).click();
    }
    await expect(page.getByRole('heading', { level: 1, name: first })).toBeVisible();
    expect(await navItems(page)).toEqual(l.nav);
    await expect(page.locator('.who-name')).not.toBeEmpty();
  });
}

test('a wrong password and an unknown e-mail get the same message', async ({ page }) => {
  await login(page, 'admin@northwind.demo.test', 'not-the-password');
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText('The e-mail address or password is not correct.');
  await login(page, 'nobody-here@demo.test', 'not-the-password');
  await expect(page.getByRole('alert')).toHaveText('The e-mail address or password is not correct.');
  await expect(page).toHaveURL(/\/login/);
});

test('log out ends the session', { tag: '@postgres' }, async ({ page }) => {
  await signIn(page, 'admin@northwind.demo.test');
  const id = await companyId(page, 'Northwind Traders');
  await expect(page).toHaveURL(new RegExp(`/c/${id}$`));
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('button', { name: 'Log out' })).toHaveCount(0);
  const res = await page.request.get('/api/v1/companies');
  expect(res.status()).toBe(401);
  await page.goto(`/c/${id}/queues`);
  await expect(page).toHaveURL(/\/login\?next=/);
});

test('a supervisor opening a company administrator page gets the 403 page', async ({ page }) => {
  await signIn(page, 'supervisor@northwind.demo.test');
  const id = await companyId(page, 'Northwind Traders');
  const res = await page.goto(`/c/${id}/users`);
  expect(res?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'You are not allowed to open this page' })).toBeVisible();
  await expectAccessible(page);
  // Client-side navigation to a forbidden page shows the same refusal.
  await page.goto(`/c/${id}`);
  await hydrated(page);
  await page.goto(`/c/${id}/administrators`);
  await expect(page.getByRole('heading', { name: 'You are not allowed to open this page' })).toBeVisible();
});

test('a company outside the scope is not found', async ({ page, browser }) => {
  // Contoso's id, as its own administrator sees it.
  const other = await browser.newPage({ baseURL: process.env.EARMARK_BASE_URL });
  await signIn(other, 'admin@contoso.demo.test');
  const contoso = await companyId(other, 'Contoso');
  await other.close();

  await signIn(page, 'supervisor@northwind.demo.test');
  await expect(page.getByRole('navigation', { name: 'Company sections' })).toBeVisible();
  const res = await page.goto(`/c/${contoso}/queues`);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  const api = await page.request.get(`/api/v1/companies/${contoso}/licence`);
  expect(api.status()).toBe(404);
  expect((await api.json()).error.code).toBe('not_found');
});

test('the tenant picker switches company, by keyboard too', async ({ page }) => {
  await login(page, 'owner@demo.test');
  await page.getByRole('link', { name: 'Northwind Traders' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Northwind Traders' })).toBeVisible();
  const picker = page.locator('.picker summary');
  await expect(picker).toContainText('Acme Telecom · Northwind Traders');
  await picker.focus();
  await page.keyboard.press('Enter');
  await page.locator('.picker-menu').getByRole('link', { name: 'Fabrikam' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fabrikam' })).toBeVisible();
  await expect(picker).toContainText('Bluewave · Fabrikam');
  await expect(page.getByText('Not licensed for call recording')).toBeVisible();
});

test('login works with JavaScript disabled, errors included', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: process.env.EARMARK_BASE_URL });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('E-mail address').fill('admin@northwind.demo.test');
  await page.getByLabel('Password').fill('wrong-password-here');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('The e-mail address or password is not correct.');

  await page.getByLabel('E-mail address').fill('admin@northwind.demo.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Northwind Traders' })).toBeVisible();
  expect(await navItems(page)).toEqual(ALL);

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await context.close();
});

test('after login the page returns to where the administrator was going', async ({ page }) => {
  await page.goto('/login');
  const res = await page.goto('/');
  expect(res?.url()).toMatch(/\/login$/);
  await signIn(page, 'admin@northwind.demo.test');
  const id = await companyId(page, 'Northwind Traders');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto(`/c/${id}/devices`);
  await expect(page).toHaveURL(/\/login\?next=/);
  await hydrated(page);
  await page.getByLabel('E-mail address').fill('admin@northwind.demo.test');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${id}/devices$`));
  await expect(page.getByRole('rowheader', { name: 'Desk 201' })).toBeVisible();
});

test('repeated failures lock the account with a clear wait time', async ({ page }) => {
  for (let i = 0; i < 5; i++) {
    await login(page, 'locked-out@demo.test', `wrong-${i}`);
    await expect(page.getByRole('alert')).toHaveText('The e-mail address or password is not correct.');
  }
  await login(page, 'locked-out@demo.test', 'wrong-again');
  await expect(page.getByRole('alert')).toHaveText(/Too many sign-in attempts\. Try again in \d+ s\./);
});

test('pages carry the security headers', async ({ page }) => {
  const res = await page.goto('/login');
  const h = res!.headers();
  expect(h['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]+'/);
  expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('same-origin');
  expect(h['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  const nonce = /'nonce-([^']+)'/.exec(h['content-security-policy'])![1];
  // Every inline script of the page carries this response's nonce.
  const scripts = await page.locator('script:not([src])').evaluateAll((els) => els.map((e) => (e as HTMLElement).nonce || e.getAttribute('nonce')));
  expect(scripts.length).toBeGreaterThan(0);
  for (const n of scripts) expect(n).toBe(nonce);
});

test('the login page, the shell, a section and the error pages pass axe-core', async ({ page }) => {
  await page.goto('/login');
  await hydrated(page);
  await expectAccessible(page);
  await login(page, 'admin@acme.demo.test');
  await expect(page.getByRole('heading', { name: 'Companies' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Northwind Traders' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Northwind Traders' })).toBeVisible();
  await expectAccessible(page);
  await page.locator('.picker summary').click();
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await page.getByRole('navigation', { name: 'Company sections' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible();
  await expectAccessible(page);
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expectAccessible(page);
});
