import { test, expect, login, signIn, hydrated, expectAccessible, companyId, navItems, signInWithoutJs } from './fixtures';
import type { Page } from '@playwright/test';

const FIRST = 'amber-kettle-violin-42';

async function openAdministrators(page: Page) {
  await page.getByRole('navigation', { name: 'Company sections' }).getByRole('link', { name: 'Administrators' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administrators' })).toBeVisible();
  await hydrated(page);
}

/// Fills the new-administrator form of the page (its scope is the company's, chosen already).
async function fillNewAdmin(page: Page, email: string, name: string, role: string, password = FIRST) {
  const form = page.getByRole('form', { name: 'New administrator' });
  await form.getByLabel('E-mail (their login)').fill(email);
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('Role').selectOption({ label: role });
  await form.getByLabel('First password').fill(password);
  await form.getByLabel('Repeat it').fill(password);
  return form;
}

test('a company administrator makes a supervisor limited to one team, who must then choose a password', async ({ page, browser, baseURL }) => {
  await signIn(page, 'admin@northwind.demo.test');
  await openAdministrators(page);
  await expectAccessible(page);
  const form = await fillNewAdmin(page, 'sales.lead@northwind.demo.test', 'Sales Lead', 'Supervisor', 'too-short');
  await form.getByLabel('Northwind Traders · Sales').check();
  await form.getByRole('button', { name: 'Create administrator' }).click();
  await expect(form.locator('#new-admin-password-error')).toContainText('at least 12 characters');
  await form.getByLabel('First password').fill(FIRST);
  await form.getByLabel('Repeat it').fill(FIRST);
  await form.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The administrator was created' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'sales.lead@northwind.demo.test' });
  await expect(row).toContainText('Supervisor');
  await expect(row).toContainText('teams Sales');
  await expect(row).toContainText('Must change password');

  // They log in elsewhere: straight to their account, where nothing else works until they
  // choose their own password.
  const context = await browser.newContext({ baseURL });
  const lead = await context.newPage();
  await login(lead, 'sales.lead@northwind.demo.test', FIRST);
  await lead.waitForURL(/\/account$/);
  await expect(lead.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await expect(lead.getByRole('alert').filter({ hasText: 'An administrator set your password' }).first()).toBeVisible();
  await hydrated(lead);
  await expectAccessible(lead);
  const change = lead.getByRole('form', { name: 'Change your password' });
  await change.getByLabel('Current password').fill(FIRST);
  await change.getByLabel('New password', { exact: true }).fill('qwertyuiop123');
  await change.getByLabel('Repeat the new password').fill('qwertyuiop123');
  await change.getByRole('button', { name: 'Change password' }).click();
  await expect(change.locator('#new-password-error')).toContainText('most common');
  await change.getByLabel('New password', { exact: true }).fill('tangerine-harbour-73');
  await change.getByLabel('Repeat the new password').fill('tangerine-harbour-73');
  await change.getByRole('button', { name: 'Change password' }).click();
  await expect(lead.getByRole('status').filter({ hasText: 'Your password was changed' })).toBeVisible();
  // Their session lists this browser.
  await expect(lead.getByRole('row').filter({ hasText: '(this session)' })).toBeVisible();
  await lead.goto('/');
  await expect(lead.getByRole('heading', { level: 1, name: 'Northwind Traders' })).toBeVisible();
  expect(await navItems(lead)).toEqual(['Overview', 'Queues', 'Stored Recordings', 'Missing recordings']);
  await context.close();
});

test('a company administrator cannot make a platform owner, even with a forged form', async ({ page }) => {
  await signIn(page, 'admin@northwind.demo.test');
  await openAdministrators(page);
  const form = page.getByRole('form', { name: 'New administrator' });
  const roles = (await form.getByLabel('Role').locator('option').allTextContents()).map((t) => t.trim());
  expect(roles).toContain('Company administrator');
  expect(roles).not.toContain('Platform owner');
  expect(roles).not.toContain('Reseller administrator');
  const scopes = (await form.getByLabel('Scope').locator('option').allTextContents()).map((t) => t.trim());
  expect(scopes.filter((s) => !s.startsWith('Choose'))).toEqual(['Northwind Traders (Acme Telecom)']);

  await fillNewAdmin(page, 'boss@northwind.demo.test', 'Boss', 'Auditor');
  await form.getByLabel('Role').evaluate((select: HTMLSelectElement) => {
    select.add(new Option('Platform owner', 'role-platform-owner'));
    select.value = 'role-platform-owner';
  });
  await form.getByRole('button', { name: 'Create administrator' }).click();
  await expect(form.locator('#new-admin-role-error')).toContainText('You cannot grant Platform owner');
  await expect(page.getByRole('row').filter({ hasText: 'boss@northwind.demo.test' })).toHaveCount(0);
});

test('disabling a login ends its live session in another browser at once', async ({ page, browser, baseURL }) => {
  await signIn(page, 'admin@northwind.demo.test');
  await openAdministrators(page);
  const form = await fillNewAdmin(page, 'temp.auditor@northwind.demo.test', 'Temp Auditor', 'Auditor');
  await form.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The administrator was created' })).toBeVisible();

  const context = await browser.newContext({ baseURL });
  const other = await context.newPage();
  await login(other, 'temp.auditor@northwind.demo.test', FIRST);
  await other.waitForURL(/\/account$/);
  await expect(other.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();

  await page.getByRole('link', { name: 'Temp Auditor' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Temp Auditor' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Disable login' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.locator('dl.facts')).toContainText('Disabled');

  // The other browser's next request finds its session over.
  await other.reload();
  await other.waitForURL(/\/login/);
  await login(other, 'temp.auditor@northwind.demo.test', FIRST);
  await expect(other.getByRole('alert')).toHaveText('The e-mail address or password is not correct.');
  await context.close();

  // The audit log has the creation and the disable.
  const company = await companyId(page, 'Northwind Traders');
  const log = await (await page.request.get(`/api/v1/companies/${company}/audit-log?action=administrator.disable`)).json();
  expect(JSON.stringify(log)).toContain('administrator.disable');
});

test('teams: made with a user and a queue, then deleted after a confirmation', async ({ page }) => {
  await signIn(page, 'admin@northwind.demo.test');
  await page.getByRole('navigation', { name: 'Company sections' }).getByRole('link', { name: 'Teams' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Teams' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  // WCAG 2.5.3, label in name: axe counts it experimental, so it is asked for by name.
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const mismatch = await new AxeBuilder({ page }).withRules(['label-content-name-mismatch']).analyze();
  expect(mismatch.violations.map((v) => v.nodes.map((n) => n.target.join(' '))).flat()).toEqual([]);
  const form = page.getByRole('form', { name: 'New team' });
  await form.getByRole('button', { name: 'Create team' }).click();
  await expect(form.locator('#team-new-name-error')).toContainText('1 to 60 characters');
  await form.getByLabel('Name').fill('Night shift');
  await form.getByLabel('Farid Haddad (206)').check();
  await form.getByLabel('After hours').check();
  await form.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The team was saved.' })).toBeVisible();
  const team = page.getByRole('form', { name: 'Night shift' });
  await expect(team.getByLabel('Farid Haddad (206)')).toBeChecked();
  await expect(team.getByLabel('After hours')).toBeChecked();

  // The Support team has a supervisor limited to it: its delete is refused, saying who.
  await page.getByRole('form', { name: 'Support' }).getByRole('link', { name: 'Delete team Support' }).click();
  await page.getByRole('button', { name: 'Delete team' }).click();
  await expect(page.getByRole('alertdialog').getByRole('alert')).toContainText('supervisor@northwind.demo.test is limited to this team');
  await page.getByRole('link', { name: 'Cancel' }).click();

  await team.getByRole('link', { name: 'Delete team Night shift' }).click();
  await page.getByRole('button', { name: 'Delete team' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The team was deleted' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Night shift' })).toHaveCount(0);
});

test('roles: built in ones are read-only, a custom one is made of held privileges and deleted', async ({ page }) => {
  await signIn(page, 'admin@contoso.demo.test');
  await page.getByRole('navigation', { name: 'Company sections' }).getByRole('link', { name: 'Roles' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Roles' })).toBeVisible();
  await hydrated(page);
  await expectAccessible(page);
  await expect(page.getByRole('row').filter({ hasText: 'Platform owner' }).getByRole('link')).toHaveCount(0);
  const form = page.getByRole('form', { name: 'New role' });
  // Only company-level privileges are offered to a company administrator.
  await expect(form.getByLabel('System: Modify')).toHaveCount(0);
  await form.getByLabel('Name').fill('Quality desk');
  await form.getByRole('button', { name: 'Create role' }).click();
  await expect(form.locator('#role-privileges-error')).toHaveText('Choose at least one privilege.');
  await form.getByLabel('Recordings: View').check();
  await form.getByLabel('Recordings: Play').check();
  await form.getByRole('button', { name: 'Create role' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The role was created.' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'Quality desk' });
  await expect(row).toContainText('Recordings: View, Recordings: Play');
  await expect(row).toContainText('Nobody');
  await row.getByRole('link', { name: 'Delete Quality desk' }).click();
  await page.getByRole('button', { name: 'Delete role' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'The role was deleted.' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Quality desk' })).toHaveCount(0);
});

test('an administrator is made without JavaScript', async ({ browser, baseURL }) => {
  const { context, page } = await signInWithoutJs(browser, baseURL, 'admin@fabrikam.demo.test');
  const company = await companyId(page, 'Fabrikam');
  await page.goto(`/c/${company}/administrators`);
  const form = page.getByRole('form', { name: 'New administrator' });
  await form.getByLabel('E-mail (their login)').fill('nojs@fabrikam.demo.test');
  await form.getByLabel('Name', { exact: true }).fill('No Script');
  await form.getByLabel('Role').selectOption({ label: 'Auditor' });
  await form.getByLabel('First password').fill(FIRST);
  await form.getByLabel('Repeat it').fill('something-else-entirely');
  await form.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.locator('#new-admin-confirm-error')).toHaveText('The two passwords differ.');
  await page.getByRole('form', { name: 'New administrator' }).getByLabel('E-mail (their login)').fill('nojs@fabrikam.demo.test');
  await page.getByRole('form', { name: 'New administrator' }).getByLabel('Name', { exact: true }).fill('No Script');
  await page.getByRole('form', { name: 'New administrator' }).getByLabel('Role').selectOption({ label: 'Auditor' });
  await page.getByRole('form', { name: 'New administrator' }).getByLabel('First password').fill(FIRST);
  await page.getByRole('form', { name: 'New administrator' }).getByLabel('Repeat it').fill(FIRST);
  await page.getByRole('form', { name: 'New administrator' }).getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByText('The administrator was created.')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'nojs@fabrikam.demo.test' })).toContainText('Auditor');
  await context.close();
});
