import { test, expect, signIn, signInWithoutJs, hydrated, expectAccessible, companyId, uploadCalls } from './fixtures';

test('an erasure request lists what a hold keeps, erases the rest, and keeps only a ledger entry', async ({ page, playwright, baseURL, browser }) => {
  await signIn(page, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  // A number of its own for this run: +31 20 556 and the run's last four digits.
  const tail = String(Date.now() % 10000).padStart(4, '0');
  const number = `+31 20 556 ${tail}`;
  const ids = await uploadCalls(page, playwright, baseURL, company, { name: 'Dana Subject', number }, ['2026-11-11T10:00:00Z', '2026-11-12T10:00:00Z']);
  const held = await page.request.put(`/api/v1/recordings/${ids[0]}/legal-hold`, { data: { reason: 'Claim 42' } });
  expect(held.status()).toBe(200);

  await page.goto(`/c/${company}/erasures`);
  await hydrated(page);
  await expectAccessible(page);
  await page.getByLabel('Phone number').fill(number);
  await page.getByRole('button', { name: 'Find recordings' }).click();
  await expect(page).toHaveURL(/number=/);
  const compared = `+3120556${tail}`;
  await expect(page.getByTestId('erasure-preview')).toHaveText(`${compared} is a party in 2 recordings: 1 recording would be erased; 1 recording on legal hold kept.`);
  await expect(page.getByRole('cell', { name: /Kept: on legal hold since .* by admin@northwind.demo.test \(Claim 42\)/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Erase' }).click();
  await expect(page.locator('#erasure-confirm-error')).toContainText('Tick the box to confirm');
  await page.getByLabel(/^Erase .* from this recording/).check();
  await page.getByRole('button', { name: 'Erase' }).click();
  await expect(page.getByRole('status').filter({ hasText: '1 recording erased; 1 recording on legal hold kept.' })).toBeVisible();
  await expect(page.getByTestId('erasure-ledger').getByRole('row').nth(1)).toContainText('admin@northwind.demo.test');
  expect(await page.getByTestId('erasure-ledger').textContent()).not.toContain(tail);

  // The erased recording says so and plays no more; the held one is whole.
  await page.goto(`/c/${company}/recordings/${ids[1]}`);
  await hydrated(page);
  await expect(page.getByTestId('erased')).toContainText("erased on");
  await expect(page.getByLabel('Play the recording')).toHaveCount(0);
  await expectAccessible(page);

  // Without JavaScript, the number's recordings are found by the same GET form.
  const { context, page: plain } = await signInWithoutJs(browser, baseURL, 'admin@northwind.demo.test');
  try {
    await plain.goto(`/c/${company}/erasures`);
    await plain.getByLabel('Phone number').fill(number);
    await plain.getByRole('button', { name: 'Find recordings' }).click();
    await expect(plain.getByTestId('erasure-preview')).toHaveText(`${compared} is a party in 1 recording: 0 recordings would be erased; 1 recording on legal hold kept.`);
  } finally {
    await context.close();
  }
});
