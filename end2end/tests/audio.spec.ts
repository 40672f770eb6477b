import { test, expect, signIn, hydrated, expectAccessible, companyId, signInWithoutJs } from './fixtures';
import type { Page } from '@playwright/test';

/// The files of a playbook row, in playing order.
function playlist(page: Page, name: string) {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) }).getByRole('listitem');
}

test('playbooks are built from library files in order, and what is in use cannot be deleted', async ({ page }) => {
  await signIn(page, 'owner@demo.test');
  const company = await companyId(page, 'Contoso');
  await page.goto(`/c/${company}/audio`);
  await hydrated(page);
  await expect(playlist(page, 'Welcome and recording notice')).toHaveText(['Welcome', 'Recording notice']);

  // Nothing chosen: the shared validation's message, next to the files.
  await page.getByLabel('Playbook name').fill('Notice then welcome');
  await page.getByRole('button', { name: 'Create playbook' }).click();
  await expect(page.locator('#playbook-files-error')).toHaveText('Choose at least one audio file for the playbook.');

  await page.getByLabel('Position 1').selectOption({ label: 'Recording notice' });
  await page.getByLabel('Position 2').selectOption({ label: 'Welcome' });
  await page.getByRole('button', { name: 'Create playbook' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved the playbook Notice then welcome.' })).toBeVisible();
  await expect(playlist(page, 'Notice then welcome')).toHaveText(['Recording notice', 'Welcome']);

  // A file a playbook holds stays, and the refusal names the playbooks.
  await page.getByRole('button', { name: 'Delete Welcome', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: "plays in the playbooks 'Notice then welcome', 'Welcome and recording notice'" })).toBeVisible();

  // Edit: drop the second file.
  await page.getByRole('link', { name: 'Edit Notice then welcome' }).click();
  await expect(page.getByRole('heading', { name: 'Edit the playbook Notice then welcome' })).toBeVisible();
  await expect(page.getByLabel('Position 1').locator('option:checked')).toHaveText('Recording notice');
  await page.getByLabel('Position 2').selectOption({ label: '— nothing —' });
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save playbook' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved the playbook Notice then welcome.' })).toBeVisible();
  await expect(playlist(page, 'Notice then welcome')).toHaveText(['Recording notice']);

  // A queue plays it: deleting it is refused, naming the queue.
  const queues = await (await page.request.get(`/api/v1/companies/${company}/queues`)).json();
  const queue = queues[0];
  const library = await (await page.request.get(`/api/v1/companies/${company}/audio`)).json();
  const mine = library.playbooks.find((p: any) => p.name === 'Notice then welcome');
  const use = await page.request.put(`/api/v1/queues/${queue.id}`, {
    data: { opt_in: { ...queue.opt_in, audio: { playbook: mine.id } }, version: queue.version },
  });
  expect(use.status(), await use.text()).toBe(200);
  try {
    await page.reload();
    await hydrated(page);
    await page.getByRole('button', { name: 'Delete Notice then welcome' }).click();
    await expect(page.getByRole('alert').filter({ hasText: `This playbook is the opt-in audio of ${queue.name}` })).toBeVisible();
    await page.goto(`/c/${company}/queues/${queue.id}`);
    await hydrated(page);
    await expect(page.getByLabel('Recording Opt-In Audio').locator('option:checked')).toHaveText('Notice then welcome');
  } finally {
    const now = (await (await page.request.get(`/api/v1/queues/${queue.id}`)).json());
    const back = await page.request.put(`/api/v1/queues/${queue.id}`, { data: { opt_in: queue.opt_in, version: now.version } });
    expect(back.status(), await back.text()).toBe(200);
  }
  await page.goto(`/c/${company}/audio`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Delete Notice then welcome' }).click();
  await expect(page.getByRole('rowheader', { name: 'Notice then welcome' })).toHaveCount(0);
});

test('a playbook is created with JavaScript off', async ({ browser, baseURL }) => {
  const { context, page } = await signInWithoutJs(browser, baseURL, 'admin@northwind.demo.test');
  try {
    const company = await companyId(page, 'Northwind Traders');
    await page.goto(`/c/${company}/audio`);
    await page.getByLabel('Playbook name').fill('Welcome and recording notice');
    await page.getByLabel('Position 1').selectOption({ label: 'Welcome' });
    await page.getByRole('button', { name: 'Create playbook' }).click();
    await expect(page.locator('#playbook-name-error')).toHaveText('A playbook named "Welcome and recording notice" already exists.');
    await page.getByLabel('Playbook name').fill('Just the welcome');
    await page.getByLabel('Position 1').selectOption({ label: 'Welcome' });
    await page.getByRole('button', { name: 'Create playbook' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved the playbook Just the welcome.' })).toBeVisible();
    await expect(playlist(page, 'Just the welcome')).toHaveText(['Welcome']);
    await page.getByRole('button', { name: 'Delete Just the welcome' }).click();
    await expect(page.getByRole('rowheader', { name: 'Just the welcome' })).toHaveCount(0);
  } finally {
    await context.close();
  }
});
