import { test, expect, signIn, hydrated, expectAccessible, companyId, signInWithoutJs } from './fixtures';

test('the list filters by date and direction and finds part of a number; the filter lives in the address', { tag: '@postgres' }, async ({ page }) => {
  await signIn(page, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  await page.goto(`/c/${company}/recordings`);
  await hydrated(page);
  const rows = page.getByRole('table', { name: 'Stored recordings' }).getByRole('row');
  await expect(rows).toHaveCount(51); // a header and a full page
  await expectAccessible(page);

  await page.getByLabel('Direction').selectOption('outbound');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/direction=outbound/);
  const directions = await page.getByRole('table', { name: 'Stored recordings' }).locator('tbody tr td:nth-child(2)').allTextContents();
  expect(directions.length).toBeGreaterThan(0);
  expect(new Set(directions)).toEqual(new Set(['Outbound']));

  // Part of a number: "7946 00" is in Grace Hopper's number only.
  await page.goto(`/c/${company}/recordings?q=7946%2000`);
  await hydrated(page);
  const callers = await page.locator('tbody tr').allTextContents();
  expect(callers.length).toBeGreaterThan(0);
  for (const c of callers) expect(c).toContain('+44 20 7946 0011');

  // A date range of one day: every row is from that day.
  const first = (await (await page.request.get(`/api/v1/companies/${company}/recordings?limit=1`)).json()).rows[0];
  const day = first.started_at.slice(0, 10);
  await page.goto(`/c/${company}/recordings`);
  await hydrated(page);
  await page.getByLabel('From').fill(day);
  await page.getByLabel('To').fill(day);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(new RegExp(`from=${day}&to=${day}`));
  const dates = await page.locator('tbody th').allTextContents();
  expect(dates.length).toBeGreaterThan(0);
  for (const d of dates) expect(d.startsWith(day)).toBeTruthy();

  // Oldest first: the dates rise down the table.
  await page.goto(`/c/${company}/recordings`);
  await hydrated(page);
  await page.getByLabel('Order').selectOption({ label: 'Oldest first' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/order=oldest/);
  const rising = await page.locator('tbody th').allTextContents();
  expect(rising.length).toBeGreaterThan(1);
  expect([...rising].sort()).toEqual(rising);
  await expect(page.getByRole('columnheader', { name: 'Date' })).toHaveAttribute('aria-sort', 'ascending');

  // A wrong date is named next to its field.
  await page.goto(`/c/${company}/recordings?from=2026-02-30`);
  await expect(page.locator('#rec-from-error')).toHaveText('Enter a date as YYYY-MM-DD.');

  // Older pages and back.
  await page.goto(`/c/${company}/recordings`);
  await hydrated(page);
  const top = await page.locator('tbody th').first().textContent();
  await page.getByRole('link', { name: 'Older →' }).click();
  await expect(page).toHaveURL(/before=/);
  await expect(page.locator('tbody th').first()).not.toHaveText(top as string);
  await page.getByRole('link', { name: '← Newer' }).click();
  await expect(page.locator('tbody th').first()).toHaveText(top as string);
});

test('the filter works with JavaScript off', async ({ browser, baseURL }) => {
  const { context, page } = await signInWithoutJs(browser, baseURL, 'admin@northwind.demo.test');
  try {
    const company = await companyId(page, 'Northwind Traders');
    await page.goto(`/c/${company}/recordings`);
    await page.getByLabel('Direction').selectOption('inbound');
    await page.getByLabel('Name or number').fill('hopper');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/direction=inbound&q=hopper/);
    const rows = await page.locator('tbody tr').allTextContents();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toContain('Grace Hopper');
  } finally {
    await context.close();
  }
});

test('a recording plays, seeks, downloads, and its details list the play', { tag: '@postgres' }, async ({ page }) => {
  await signIn(page, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  await page.goto(`/c/${company}/recordings`);
  await hydrated(page);
  await page.locator('tbody th a').first().click();
  await expect(page.getByRole('heading', { level: 1, name: /Recording of / })).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Why it was recorded' })).toBeVisible();
  // The trace names where each setting was made, not its id.
  await expect(page.getByRole('cell', { name: "company 'Northwind Traders'", exact: true }).first()).toBeVisible();
  await expectAccessible(page);

  const audio = page.getByLabel('Play the recording');
  await audio.evaluate((el: HTMLAudioElement) => { el.muted = true; return el.play(); });
  await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.2);
  // Clicking the waveform three quarters along seeks there.
  const wave = page.locator('svg.waveform');
  const box = (await wave.boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
  const duration = await audio.evaluate((el: HTMLAudioElement) => el.duration);
  await expect.poll(() => audio.evaluate((el: HTMLAudioElement) => el.currentTime)).toBeGreaterThan(duration * 0.7);
  await audio.evaluate((el: HTMLAudioElement) => el.pause());

  const src = (await audio.getAttribute('src')) as string;
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^\d{4}-\d{2}-\d{2}_\d{4}_(inbound|outbound)_.+\.wav$/);
  const { readFileSync } = await import('node:fs');
  const saved = readFileSync((await download.path()) as string);
  const direct = Buffer.from(await (await page.request.get(src)).body());
  expect(saved.subarray(0, 4).toString()).toBe('RIFF');
  expect(saved.equals(direct)).toBeTruthy();

  await page.reload();
  await hydrated(page);
  const accesses = page.getByRole('table', { name: 'Plays and downloads' });
  await expect(accesses.getByRole('row').filter({ hasText: 'Played' }).first()).toContainText('admin@northwind.demo.test');
  await expect(accesses.getByRole('row').filter({ hasText: 'Downloaded' }).first()).toContainText('admin@northwind.demo.test');
});

test("a supervisor of one team cannot open another team's recording by its address", async ({ page, browser, baseURL }) => {
  await signIn(page, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  const all = (await (await page.request.get(`/api/v1/companies/${company}/recordings?limit=500`)).json()).rows;
  const context = await browser.newContext({ baseURL });
  const supervisor = await context.newPage();
  try {
    await signIn(supervisor, 'supervisor@northwind.demo.test');
    const mine = (await (await supervisor.request.get(`/api/v1/companies/${company}/recordings?limit=500`)).json()).rows;
    const mineIds = new Set(mine.map((r: any) => r.id));
    const theirs = all.find((r: any) => !mineIds.has(r.id));
    expect(theirs).toBeTruthy();
    await supervisor.goto(`/c/${company}/recordings/${theirs.id}`);
    await expect(supervisor.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    expect((await supervisor.request.get(`/recordings/${theirs.id}/audio`)).status()).toBe(404);
    // Their own team's recording opens, plays, and offers no download or delete.
    await supervisor.goto(`/c/${company}/recordings/${mine[0].id}`);
    await hydrated(supervisor);
    await expect(supervisor.getByLabel('Play the recording')).toBeVisible();
    await expect(supervisor.getByRole('link', { name: 'Download' })).toHaveCount(0);
    await expect(supervisor.getByRole('link', { name: 'Delete recording…' })).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test('a recording is deleted after a confirmation', async ({ page }) => {
  await signIn(page, 'admin@contoso.demo.test');
  const company = await companyId(page, 'Contoso');
  const first = (await (await page.request.get(`/api/v1/companies/${company}/recordings?limit=1`)).json()).rows[0];
  await page.goto(`/c/${company}/recordings/${first.id}`);
  await hydrated(page);
  await page.getByRole('link', { name: 'Delete recording…' }).click();
  await expect(page.getByText('Delete this recording?')).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Delete recording' }).click();
  await expect(page).toHaveURL(new RegExp(`/c/${company}/recordings\\?deleted=1$`));
  await expect(page.getByRole('status').filter({ hasText: 'The recording was deleted.' })).toBeVisible();
  expect((await page.request.get(`/api/v1/recordings/${first.id}`)).status()).toBe(404);
});

test("a recording's consent and pauses show beside its trace, and the list filters the calls opted in by the caller", async ({ page }) => {
  await signIn(page, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  await page.goto(`/c/${company}/recordings`);
  await hydrated(page);
  await page.getByLabel("Caller's choice").selectOption('accept');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/consent=accept/);
  const rows = page.getByRole('table', { name: 'Stored recordings' }).locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  await expectAccessible(page);
  await rows.first().locator('th a').click();
  await hydrated(page);
  const consent = page.getByTestId('consent');
  await expect(consent).toContainText('Played at 0:01');
  await expect(consent).toContainText('Opted in: the caller pressed 1 at 0:02');
  await expectAccessible(page);
});
