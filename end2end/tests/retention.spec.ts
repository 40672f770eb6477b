import { test, expect, signIn, signInWithoutJs, hydrated, expectAccessible, companyId } from './fixtures';

test('the Retention page says what the next purge would delete before a shorter period is saved', async ({ page }) => {
  await signIn(page, 'admin@northwind.demo.test');
  const company = await companyId(page, 'Northwind Traders');
  await page.goto(`/c/${company}/retention`);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Retention' })).toBeVisible();
  await expect(page.getByTestId('retention-effective')).toHaveText('1 year (365 days), inherited from the system');
  await expect(page.getByTestId('purge-preview')).toHaveText('The next purge would delete no recordings.');
  await expectAccessible(page);

  // A day: most of the demo's recordings would go; the page says so and waits for the box.
  await page.getByLabel('Days').fill('1');
  await expect(page.getByTestId('purge-preview')).toHaveText(/^The next purge would delete \d+ recordings\. That is \d+ more than now\.$/);
  await page.getByRole('button', { name: 'Save Changes' }).click();
  await expect(page.locator('#retention-confirm-error')).toContainText('Tick the box to confirm');
  await expectAccessible(page);

  // A century purges nothing: saved without a question.
  await page.getByLabel('Days').fill('36500');
  await expect(page.getByTestId('purge-preview')).toHaveText('The next purge would delete no recordings.');
  await page.getByRole('button', { name: 'Save Changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.getByTestId('retention-effective')).toHaveText('100 years (36,500 days), set here');

  await page.getByLabel(/^Default: /).check();
  await page.getByRole('button', { name: 'Save Changes' }).click();
  await expect(page.getByTestId('retention-effective')).toHaveText('1 year (365 days), inherited from the system');
});

test('the Retention page saves with JavaScript off', async ({ browser, baseURL }) => {
  const { context, page } = await signInWithoutJs(browser, baseURL, 'admin@contoso.demo.test');
  try {
    const company = await companyId(page, 'Contoso');
    await page.goto(`/c/${company}/retention`);
    await page.getByLabel("A period of this level's own").check();
    await page.getByLabel('Days').fill('4000');
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await expect(page).toHaveURL(/saved=1/);
    await expect(page.getByTestId('retention-effective')).toHaveText('4000 days, set here'.replace('4000', '4,000'));
    await page.getByLabel(/^Default: /).check();
    await page.getByRole('button', { name: 'Save Changes' }).click();
    await expect(page.getByTestId('retention-effective')).toHaveText('1 year (365 days), inherited from the system');
  } finally {
    await context.close();
  }
});
