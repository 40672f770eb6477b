import { test, expect, signIn, hydrated, expectAccessible, companyId, signInWithoutJs, wavFile } from './fixtures';
import type { Page } from '@playwright/test';

/// The Support line queue of Northwind, whose demo prompt is 1 = accept, 2 = reject.
async function supportLine(page: Page, company: string) {
  const queues = await (await page.request.get(`/api/v1/companies/${company}/queues`)).json();
  return queues.find((q: any) => q.name === 'Support line');
}

/// Puts the demo prompt back.
async function restore(page: Page, company: string, original: any) {
  const now = await supportLine(page, company);
  const res = await page.request.put(`/api/v1/queues/${now.id}`, { data: { opt_in: original.opt_in, version: now.version } });
  expect(res.status(), await res.text()).toBe(200);
}

test.describe('Queues > Recording Opt In/Out', () => {
  let company = '';
  let original: any;

  test.beforeEach(async ({ page }) => {
    await signIn(page, 'admin@northwind.demo.test');
    company = await companyId(page, 'Northwind Traders');
    original = await supportLine(page, company);
  });

  test.afterEach(async ({ page }) => {
    await restore(page, company, original);
  });

  test('the tab saves, explains as it is filled in, and shows the saved values after reload', { tag: '@postgres' }, async ({ page }) => {
    await page.goto(`/c/${company}/queues`);
    await hydrated(page);
    await page.getByRole('link', { name: 'Support line' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Support line' })).toBeVisible();
    await expect(page.getByTestId('explanation')).toContainText(
      'If the caller presses nothing within 5 s, the audio is replayed up to 2 times',
    );
    await page.getByLabel('DTMF Key To Reject Recording Opt-In').fill('');
    await page.getByLabel('Delay After Playing Audio (seconds)').fill('8');
    await expect(page.getByTestId('explanation')).toContainText(
      'If the caller presses nothing within 8 s, they opt out: the call is not recorded.',
    );
    await page.getByLabel('Recording Opt-In Audio').selectOption({ label: 'Welcome and recording notice' });
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await page.reload();
    await hydrated(page);
    await expect(page.getByLabel('Delay After Playing Audio (seconds)')).toHaveValue('8');
    await expect(page.getByLabel('DTMF Key To Reject Recording Opt-In')).toHaveValue('');
    await expect(page.getByLabel('Recording Opt-In Audio').locator('option:checked')).toHaveText('Welcome and recording notice');
  });

  test('each bad value is named next to its field before submit, and the server refuses it too', async ({ page }) => {
    const q = await supportLine(page, company);
    await page.goto(`/c/${company}/queues/${q.id}`);
    await hydrated(page);
    const cases: [string, string, string, string][] = [
      ['DTMF Key To Accept Recording Opt-In', '0', '#opt-in-accept-error', '0 cannot be used: choose 1-9, # or *.'],
      ['DTMF Key To Accept Recording Opt-In', '2', '#opt-in-reject-error', 'The accept and reject keys must differ; both are 2.'],
      ['Delay After Playing Audio (seconds)', '61', '#opt-in-delay-error', 'The delay is whole seconds from 1 to 60.'],
    ];
    for (const [label, value, error, message] of cases) {
      await page.getByLabel(label).fill(value);
      await expect(page.locator(error)).toHaveText(message);
      await page.getByLabel(label).fill(label.startsWith('Delay') ? '5' : '1');
      await expect(page.locator(error)).toHaveText('');
    }
    await page.getByLabel('Recording Opt-In Audio').selectOption({ label: 'No opt-in audio' });
    await expect(page.locator('#opt-in-audio-error')).toHaveText('Choose the opt-in audio the caller hears before pressing a key.');
    // The same input sent straight to the server.
    for (const [opt_in, field] of [
      [{ ...q.opt_in, accept_key: '0' }, 'opt_in.accept_key'],
      [{ ...q.opt_in, accept_key: '2', reject_key: '2' }, 'opt_in.reject_key'],
      [{ ...q.opt_in, delay_seconds: 61 }, 'opt_in.delay_seconds'],
      [{ ...q.opt_in, audio: null }, 'opt_in.audio'],
    ] as [any, string][]) {
      const res = await page.request.put(`/api/v1/queues/${q.id}`, { data: { opt_in, version: q.version } });
      expect(res.status()).toBe(422);
      expect((await res.json()).error.field).toBe(field);
    }
  });

  test("the tab says so when the company's outbound recording is set", async ({ page }) => {
    const q = await supportLine(page, company);
    const mode = await (await page.request.get(`/api/v1/companies/${company}/recording-mode`)).json();
    let res = await page.request.put(`/api/v1/companies/${company}/recording-mode`, {
      data: { mode: mode.mode, outbound: 'on', version: mode.version },
    });
    expect(res.status(), await res.text()).toBe(200);
    try {
      await page.goto(`/c/${company}/queues/${q.id}`);
      await hydrated(page);
      await expect(page.getByTestId('outbound-notice')).toContainText('Outbound recording is set to On for this company');
    } finally {
      const now = await (await page.request.get(`/api/v1/companies/${company}/recording-mode`)).json();
      res = await page.request.put(`/api/v1/companies/${company}/recording-mode`, {
        data: { mode: mode.mode, outbound: 'default', version: now.version },
      });
      expect(res.status()).toBe(200);
    }
    await page.reload();
    await expect(page.getByTestId('outbound-notice')).toHaveCount(0);
  });
});

test('a supervisor sees the tab read-only and the server refuses their write', async ({ page }) => {
  await signIn(page, 'supervisor@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  const q = await supportLine(page, company);
  await page.goto(`/c/${company}/queues/${q.id}`);
  await hydrated(page);
  await expect(page.getByLabel('Delay After Playing Audio (seconds)')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Save Changes' })).toHaveCount(0);
  const res = await page.request.put(`/api/v1/queues/${q.id}`, { data: { opt_in: { ...q.opt_in, delay_seconds: 9 }, version: q.version } });
  expect(res.status()).toBe(403);
  await expectAccessible(page);
});

test('the opt-in tab saves with JavaScript off', async ({ browser, baseURL }) => {
  const { context, page } = await signInWithoutJs(browser, baseURL, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  const original = await supportLine(page, company);
  try {
    await page.goto(`/c/${company}/queues/${original.id}`);
    await page.getByLabel('Delay After Playing Audio (seconds)').fill('12');
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await page.waitForURL(new RegExp(`/queues/${original.id}`));
    await expect(page.getByLabel('Delay After Playing Audio (seconds)')).toHaveValue('12');
    expect((await supportLine(page, company)).opt_in.delay_seconds).toBe(12);
  } finally {
    await restore(page, company, original);
    await context.close();
  }
});

test('queues are added, searched, renamed and deleted after a confirmation', async ({ page }) => {
  await signIn(page, 'admin@contoso.demo.test');
  const company = await companyId(page, 'Contoso');
  await page.goto(`/c/${company}/queues`);
  await hydrated(page);
  await page.getByLabel('New queue').fill('Customer service');
  await page.getByRole('button', { name: 'Add' }).click();
  await expect(page.locator('#new-queue-error')).toHaveText('A queue named "Customer service" already exists.');
  await page.getByLabel('New queue').fill('Escalations');
  await page.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Added queue Escalations.' })).toBeVisible();
  await page.getByLabel('Search queues by name').fill('escal');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('rowheader')).toHaveText(['Escalations']);
  await expectAccessible(page);
  await page.getByRole('link', { name: 'Escalations' }).click();
  await hydrated(page);
  await page.getByLabel('Name', { exact: true }).fill('Escalations desk');
  await page.getByRole('button', { name: 'Rename' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Escalations desk' })).toBeVisible();
  await page.getByRole('link', { name: 'Delete queue…' }).click();
  await expect(page.getByText('Delete the queue Escalations desk?')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Delete queue' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${company}/queues$`));
  await expect(page.getByRole('rowheader', { name: 'Escalations desk' })).toHaveCount(0);
});

test('an uploaded audio file plays in the library and can be picked as opt-in audio', async ({ page }) => {
  await signIn(page, 'admin@contoso.demo.test');
  const company = await companyId(page, 'Contoso');
  await page.goto(`/c/${company}/audio`);
  await hydrated(page);
  await expect(page.getByLabel('Play Recording notice')).toBeVisible();
  // Text pretending to be audio is refused by its content.
  await page.getByLabel('Name', { exact: true }).fill('Fake');
  await page.getByLabel('Audio file', { exact: true }).setInputFiles({ name: 'fake.wav', mimeType: 'audio/wav', buffer: Buffer.from('not audio at all') });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.locator('#audio-file-error')).toContainText('This file is not WAV, MP3 or OGG audio');
  await hydrated(page);
  await page.getByLabel('Name', { exact: true }).fill('After hours notice');
  await page.getByLabel('Audio file', { exact: true }).setInputFiles({ name: 'notice.wav', mimeType: 'audio/wav', buffer: wavFile(Buffer.alloc(1600)) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Uploaded After hours notice.' })).toBeVisible();
  await expect(page.getByLabel('Play After hours notice')).toBeVisible();
  const played = await page.request.get(await page.getByLabel('Play After hours notice').getAttribute('src') as string);
  expect(played.status()).toBe(200);
  expect(played.headers()['content-type']).toBe('audio/wav');
  await expectAccessible(page);

  const queues = await (await page.request.get(`/api/v1/companies/${company}/queues`)).json();
  await page.goto(`/c/${company}/queues/${queues[0].id}`);
  await hydrated(page);
  await expect(page.getByLabel('Recording Opt-In Audio').locator('option', { hasText: 'After hours notice' })).toHaveCount(1);

  // In use: deleting the queue's audio is refused and names the queue.
  await page.goto(`/c/${company}/audio`);
  await hydrated(page);
  await page.getByRole('button', { name: 'Delete Recording notice' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'opt-in audio of Customer service' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete After hours notice' }).click();
  await expect(page.getByLabel('Play After hours notice')).toHaveCount(0);
});
