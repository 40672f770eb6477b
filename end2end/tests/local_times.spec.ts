import { test, expect, signIn, signInWithoutJs, hydrated, expectAccessible, companyId, uploadCalls } from './fixtures';

// A reader in New York (UTC-5 in March): times shown in their zone, named; the date filter's
// days are New York's days.
test.use({ timezoneId: 'America/New_York' });

test("times are shown in the reader's zone and the date filter reads the reader's days", async ({ page, playwright, baseURL }) => {
  await signIn(page, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  const caller = `Zoned ${Date.now()}`;
  // 03:00 UTC on the 5th is still the 4th in New York; 04:00 UTC on the 4th is the 3rd there.
  const [late] = await uploadCalls(page, playwright, baseURL, company, caller, ['2026-03-05T03:00:00Z', '2026-03-04T04:00:00Z']);

  await page.goto(`/c/${company}/recordings?q=${encodeURIComponent(caller)}`);
  await hydrated(page);
  await expect(page.getByTestId('zone-note').first()).toHaveText('Dates are in your time zone (America/New_York).');
  const first = page.locator('tbody th time').first();
  await expect(first).toHaveAttribute('datetime', '2026-03-05T03:00:00Z');
  await expect(first).toHaveText('2026-03-04 22:00 EST');
  await expect(page.locator('tbody th time').nth(1)).toHaveText('2026-03-03 23:00 EST');
  await expectAccessible(page);

  await page.getByLabel('From').fill('2026-03-04');
  await page.getByLabel('To').fill('2026-03-04');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/tz=America%2FNew_York/);
  await expect(page.locator('tbody tr')).toHaveCount(1);
  await expect(page.locator('tbody th time')).toHaveText('2026-03-04 22:00 EST');

  await page.locator('tbody th a').click();
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recording of 2026-03-04 22:00 EST');
  await expect(page).toHaveURL(new RegExp(late));
});

test('without JavaScript, times are in UTC with the zone named', async ({ browser, baseURL, page, playwright }) => {
  await signIn(page, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  const caller = `Plain zoned ${Date.now()}`;
  await uploadCalls(page, playwright, baseURL, company, caller, ['2026-03-05T03:00:00Z']);
  const { context, page: plain } = await signInWithoutJs(browser, baseURL, 'admin@northwind.demo.test');
  try {
    await plain.goto(`/c/${company}/recordings?q=${encodeURIComponent(caller)}`);
    await expect(plain.locator('tbody th time')).toHaveText('2026-03-05 03:00 UTC');
    await expect(plain.getByTestId('zone-note').first()).toHaveText('Dates are in UTC.');
  } finally {
    await context.close();
  }
});
