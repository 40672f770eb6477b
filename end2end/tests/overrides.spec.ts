import { test, expect, signIn, hydrated, expectAccessible, companyId, signInWithoutJs } from './fixtures';
import type { Page } from '@playwright/test';

const INHERIT = { inbound: { onnet: 'inherit', offnet: 'inherit' }, outbound: { onnet: 'inherit', offnet: 'inherit' } };

async function idOf(page: Page, company: string, kind: 'users' | 'devices', name: string): Promise<any> {
  const list = await (await page.request.get(`/api/v1/companies/${company}/${kind}`)).json();
  const found = list.find((x: any) => x.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
}

/// Puts Ann Lee and her devices back to Account default, with a seat.
async function reset(page: Page, company: string) {
  const ann = await idOf(page, company, 'users', 'Ann Lee');
  let res = await page.request.put(`/api/v1/users/${ann.id}`, { data: { override: INHERIT, seat: true, version: ann.version } });
  expect(res.status(), await res.text()).toBe(200);
  for (const name of ['Desk 201', 'Softphone Ann']) {
    const d = await idOf(page, company, 'devices', name);
    res = await page.request.put(`/api/v1/devices/${d.id}`, { data: { override: INHERIT, owner: d.owner, version: d.version } });
    expect(res.status(), await res.text()).toBe(200);
  }
}

test.describe('Users and Devices overrides', () => {
  let company = '';

  test.beforeEach(async ({ page }) => {
    await signIn(page, 'admin@northwind.demo.test');
    company = await companyId(page, 'Northwind Traders');
  });

  test.afterEach(async ({ page }) => {
    await reset(page, company);
  });

  test("a user set On and their device set Off: badges and the simulator follow the seed's precedence", async ({ page }) => {
    await page.goto(`/c/${company}/users`);
    await hydrated(page);
    await page.getByRole('link', { name: 'Recording settings of Ann Lee' }).click();
    const dialog = page.getByRole('dialog', { name: 'Recording settings of Ann Lee' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('Override the account default').check();
    await dialog.getByLabel('Inbound external calls').selectOption('on');
    // The preview, from the shared code, before anything is saved.
    const expected = 'After saving, inbound external calls to 2 devices of Ann Lee will be recorded (were not).';
    await expect(dialog.getByTestId('impact')).toHaveText(expected);
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Save Changes' }).click();
    // The server's account of the save agrees with the preview.
    await expect(dialog.getByTestId('saved-impact')).toHaveText('Inbound external calls to 2 devices of Ann Lee will be recorded (were not).');
    const annRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Ann Lee' }) });
    await expect(annRow.getByText('Set on user')).toHaveCount(1);

    await page.goto(`/c/${company}/devices?q=Desk%20201`);
    await hydrated(page);
    const deskRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Desk 201' }) });
    await expect(deskRow.getByText('From user Ann Lee')).toHaveCount(1);
    await page.getByRole('link', { name: 'Recording settings of Desk 201' }).click();
    const deskDialog = page.getByRole('dialog', { name: 'Recording settings of Desk 201' });
    await deskDialog.getByLabel('Override the account default').check();
    await deskDialog.getByLabel('Inbound external calls').selectOption('off');
    await expect(deskDialog.getByTestId('impact')).toHaveText(
      'After saving, inbound external calls to Desk 201 will no longer be recorded (were).',
    );
    await deskDialog.getByRole('button', { name: 'Save Changes' }).click();
    await expect(deskDialog.getByTestId('saved-impact')).toHaveText('Inbound external calls to Desk 201 will no longer be recorded (were).');
    await expect(deskRow.getByText('Set on device')).toHaveCount(1);
    await expectAccessible(page);

    // The FAQ: the device explicitly Off is not recorded although its user is On; the
    // user's other device, left to inherit, is.
    await page.goto(`/c/${company}/simulator`);
    await hydrated(page);
    await page.getByLabel('Calling party', { exact: true }).selectOption({ label: 'External number' });
    await page.getByLabel('Called party', { exact: true }).selectOption({ label: 'Desk 201 (Ann Lee)' });
    await expect(page.getByTestId('verdict')).toHaveText('Not recorded');
    await page.getByLabel('Called party', { exact: true }).selectOption({ label: 'Softphone Ann (Ann Lee)' });
    await expect(page.getByTestId('verdict')).toHaveText('Recorded');
    await expect(page.locator('.trace li[data-rule="endpoint.inbound.offnet"]')).toContainText("inherited from user 'Ann Lee'");
    await expect(page.getByTestId('confirmation')).toHaveText('Confirmed by the server.');
  });

  test('users are searched and paged on the server', async ({ page }) => {
    await page.goto(`/c/${company}/users`);
    await hydrated(page);
    await page.getByLabel('Search by name or extension').fill('203');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/q=203/);
    await expect(page.getByRole('rowheader')).toHaveText(['Carla Diaz']);
    await page.getByLabel('Search by name or extension').fill('nobody-like-this');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.getByText('No user matches "nobody-like-this".')).toBeVisible();
  });
});

test('the user dialog opens and saves with JavaScript off', async ({ browser, baseURL }) => {
  const { context, page } = await signInWithoutJs(browser, baseURL, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  try {
    await page.goto(`/c/${company}/users`);
    await page.getByRole('link', { name: 'Recording settings of Ann Lee' }).click();
    const dialog = page.getByRole('dialog', { name: 'Recording settings of Ann Lee' });
    await dialog.getByLabel('Override the account default').check();
    await dialog.getByLabel('Outbound external calls').selectOption('on');
    await dialog.getByRole('button', { name: 'Save Changes' }).click();
    await page.waitForURL(new RegExp(`/c/${company}/users`));
    const ann = await idOf(page, company, 'users', 'Ann Lee');
    expect(ann.override.outbound.offnet).toBe('on');
    const annRow = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Ann Lee' }) });
    await expect(annRow.getByText('Set on user')).toHaveCount(1);
  } finally {
    await reset(page, company);
    await context.close();
  }
});

test('a supervisor cannot open the Users page', async ({ page }) => {
  await signIn(page, 'supervisor@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  const res = await page.goto(`/c/${company}/users`);
  expect(res!.status()).toBe(403);
});

test('a bulk change sets one cell for the selected users and says how many changed', async ({ page }) => {
  await signIn(page, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  try {
    await page.goto(`/c/${company}/users`);
    await hydrated(page);
    await page.getByLabel('Select Bob Stone').check();
    await page.getByLabel('Select Carla Diaz').check();
    await page.getByLabel('Calls', { exact: true }).selectOption({ label: 'Inbound internal calls' });
    await page.getByLabel('Set to').selectOption({ label: 'Off' });
    await page.getByRole('button', { name: 'Apply to selected' }).click();
    await expect(page.getByText('Changed 2 users.')).toBeVisible();
    for (const name of ['Bob Stone', 'Carla Diaz']) {
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
      await expect(row.getByText('Set on user')).toHaveCount(1);
    }
    const dev = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Dev Patel' }) });
    await expect(dev.getByText('Set on user')).toHaveCount(0);
    await expectAccessible(page);
  } finally {
    for (const name of ['Bob Stone', 'Carla Diaz']) {
      const u = await idOf(page, company, 'users', name);
      await page.request.put(`/api/v1/users/${u.id}`, { data: { override: INHERIT, seat: u.seat, version: u.version } });
    }
  }
});

test('giving a seat beyond the licence is refused with the count, next to the seat', async ({ page }) => {
  await signIn(page, 'admin@acme.demo.test');
  const company = await companyId(page, 'Contoso');
  const licence = await (await page.request.get(`/api/v1/companies/${company}/licence`)).json();
  // Contoso has 10 seats, 2 in use: lower the licence to the seats in use.
  let res = await page.request.put(`/api/v1/companies/${company}/licence`, {
    data: { licensed: true, seats: licence.seats_used, version: licence.version },
  });
  expect(res.status(), await res.text()).toBe(200);
  try {
    await page.goto(`/c/${company}/users`);
    await hydrated(page);
    await page.getByRole('link', { name: 'Recording settings of Ines Silva' }).click();
    const dialog = page.getByRole('dialog', { name: 'Recording settings of Ines Silva' });
    await dialog.getByLabel(/Holds a recording seat/).check();
    await dialog.getByRole('button', { name: 'Save Changes' }).click();
    await expect(dialog.locator('#user-seat-error')).toHaveText(
      `All ${licence.seats_used} seats of the licence are in use. Free a seat or ask your reseller for more.`,
    );
    const ines = await idOf(page, company, 'users', 'Ines Silva');
    expect(ines.seat).toBe(false);
  } finally {
    const now = await (await page.request.get(`/api/v1/companies/${company}/licence`)).json();
    res = await page.request.put(`/api/v1/companies/${company}/licence`, {
      data: { licensed: true, seats: licence.seats, version: now.version },
    });
    expect(res.status()).toBe(200);
  }
});
