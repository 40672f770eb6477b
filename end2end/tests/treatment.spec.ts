import { test, expect, signIn, hydrated, expectAccessible, companyId, signInWithoutJs } from './fixtures';
import type { Page } from '@playwright/test';

async function openTreatment(page: Page) {
  await page.getByRole('navigation', { name: 'Company sections' }).getByRole('link', { name: 'Recording treatment' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Recording treatment' })).toBeVisible();
  await hydrated(page);
}

test.describe.serial('recording treatment', () => {
  test('company defaults: the text-to-speech counter turns Apply off past 450 characters, errors sit by their field', async ({ page }) => {
    await signIn(page, 'admin@northwind.demo.test');
    await openTreatment(page);
    await expectAccessible(page);
    const form = page.getByRole('form', { name: 'Treatment defaults' });
    const apply = form.getByRole('button', { name: 'Apply' });
    await form.getByLabel('What is played').selectOption('tts');
    const text = form.getByLabel('Text to speak');
    await text.fill('a'.repeat(451));
    await expect(form.locator('#company-tts-counter')).toHaveText('1 characters over the limit of 450');
    await expect(apply).toBeDisabled();
    await text.fill('This call is recorded for quality. ' + 'a'.repeat(415));
    await expect(form.locator('#company-tts-counter')).toHaveText('0 of 450 characters left');
    await expect(apply).toBeEnabled();
    await expectAccessible(page);

    await form.getByLabel('Record redirected (forwarded or transferred) calls').selectOption('on');
    await form.getByLabel('Beep periodically while recording').selectOption('on');
    await form.getByLabel('Interval in seconds (5 to 300)').fill('3');
    await apply.click();
    await expect(form.locator('#company-beep_seconds-error')).toHaveText('The beep interval is 5 to 300 seconds.');
    await form.getByLabel('Interval in seconds (5 to 300)').fill('20');
    await form.getByLabel('Allow the user to start and stop recording by dialling codes').selectOption('on');
    await form.getByLabel('Start code').fill('*72');
    await apply.click();
    await expect(form.locator('#company-manual_start_code-error')).toContainText('*72 conflicts with *72, call forwarding on');
    await form.getByLabel('Start code').fill('*44');
    await apply.click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await page.reload();
    await expect(page.getByLabel('Interval in seconds (5 to 300)')).toHaveValue('20');
    await expect(page.getByLabel('Text to speak')).toHaveValue(/^This call is recorded for quality/);
  });

  test('an MP3 announcement is uploaded from the page: too large or not an MP3 is refused by the field', async ({ page }) => {
    await signIn(page, 'admin@northwind.demo.test');
    await openTreatment(page);
    const form = page.getByRole('form', { name: 'Treatment defaults' });
    await form.getByLabel('What is played').selectOption('mp3');
    await form.getByLabel('Name of a new MP3').fill('Too big');
    // An MP3 frame header, then six megabytes.
    const big = Buffer.alloc(6 * 1024 * 1024);
    big.set([0xff, 0xfb, 0x90, 0x64], 0);
    await form.getByLabel('MP3 file (at most 5 MB)').setInputFiles({ name: 'big.mp3', mimeType: 'audio/mpeg', buffer: big });
    await form.getByRole('button', { name: 'Upload MP3' }).click();
    await expect(page).toHaveURL(/treatment\?error=/);
    await expect(page.locator('#company-upload-error')).toContainText('larger than 5.0 MB');
    await page.getByLabel('What is played').selectOption('mp3');
    await page.getByLabel('Name of a new MP3').fill('Not an MP3');
    await page.getByLabel('MP3 file (at most 5 MB)').setInputFiles({ name: 'notice.mp3', mimeType: 'audio/mpeg', buffer: Buffer.from('RIFF....WAVEfmt not really') });
    await page.getByRole('button', { name: 'Upload MP3' }).click();
    await expect(page.locator('#company-upload-error')).toContainText('not one');
    await expectAccessible(page);
  });

  test('the simulator shows the treatment and where each option comes from; a user sets their own', async ({ page }) => {
    await signIn(page, 'admin@northwind.demo.test');
    const company = await companyId(page, 'Northwind Traders');
    const desk = (await (await page.request.get(`/api/v1/companies/${company}/devices`)).json()).find((d: { name: string }) => d.name === 'Desk 201');
    await page.goto(`/c/${company}/simulator`);
    await hydrated(page);
    await page.getByLabel('Called party', { exact: true }).selectOption(`device:${desk.id}`);
    await page.getByLabel('Forwarded or transferred (a redirected call)').check();
    await expect(page.getByTestId('verdict')).toHaveText('Recorded');
    const treatment = page.getByTestId('treatment');
    await expect(treatment).toContainText("Every 20 s · from company 'Northwind Traders'");
    await expect(page.getByTestId('confirmation')).toBeVisible();
    await expectAccessible(page);

    // Ann sets her own beep in her dialog's Treatment section.
    const users = await (await page.request.get(`/api/v1/companies/${company}/users`)).json();
    const ann = users.find((u: { name: string }) => u.name === 'Ann Lee');
    await page.goto(`/c/${company}/users?edit=${ann.id}`);
    await hydrated(page);
    const section = page.getByRole('form', { name: 'Treatment' });
    await expect(section.locator('#user-beep-now')).toHaveText("Now: On, from company 'Northwind Traders'; every 20 s, from company 'Northwind Traders'");
    await section.getByLabel('Interval in seconds (5 to 300)').fill('10');
    await section.getByLabel('Send the recording by e-mail after the call').selectOption('on');
    await section.getByRole('button', { name: 'Apply treatment' }).click();
    await expect(section.locator('#user-email_address-error')).toHaveText("Sending recordings by e-mail needs the user's e-mail address.");
    await section.getByLabel("The user's e-mail address").fill('ann.lee@northwind.example');
    await section.getByRole('button', { name: 'Apply treatment' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Treatment saved.' })).toBeVisible();
    await expect(page.locator('#user-beep-now')).toHaveText("Now: On, from company 'Northwind Traders'; every 10 s, from user 'Ann Lee'");
    await expectAccessible(page);

    await page.goto(`/c/${company}/simulator?source=external&destination=device:${desk.id}&redirected=on`);
    await hydrated(page);
    await expect(page.getByTestId('treatment')).toContainText("Every 10 s · from user 'Ann Lee'");
    await expect(page.getByTestId('treatment')).toContainText('To ann.lee@northwind.example');
    await expect(page.getByTestId('confirmation')).toBeVisible();
  });

  test("a queue's Contact center tab: a percentage, pause on hold, errors by the field", async ({ page }) => {
    await signIn(page, 'admin@northwind.demo.test');
    const company = await companyId(page, 'Northwind Traders');
    const queues = await (await page.request.get(`/api/v1/companies/${company}/queues`)).json();
    const line = queues.find((q: { name: string }) => q.name === 'Support line');
    await page.goto(`/c/${company}/queues/${line.id}`);
    await hydrated(page);
    await page.getByRole('link', { name: 'Contact center' }).click();
    await expect(page).toHaveURL(/tab=contact-center/);
    const form = page.getByRole('form', { name: 'Contact center options' });
    await expect(form).toBeVisible();
    await expectAccessible(page);
    await form.getByLabel('A percentage of calls, chosen by the call id (the same call always gets the same answer)').check();
    await form.getByLabel('Percentage of calls (1 to 100)').fill('0');
    await form.getByRole('button', { name: 'Save contact center options' }).click();
    await expect(form.locator('#cc-percent-error')).toHaveText('Record 1 to 100 percent of calls.');
    await form.getByLabel('Percentage of calls (1 to 100)').fill('30');
    await form.getByLabel('Pause recording automatically while the call is on hold').check();
    await form.getByLabel('When an agent transfers a recorded call to a party outside the platform').selectOption('stop');
    await form.getByRole('button', { name: 'Save contact center options' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    const saved = await (await page.request.get(`/api/v1/queues/${line.id}`)).json();
    expect(saved.contact_center).toEqual({ selection: { kind: 'percentage', percent: 30 }, transfer_out: 'stop_recording', agent_only: false, pause_on_hold: true });

    // Listed numbers: a bad line is named.
    await page.reload();
    await hydrated(page);
    const again = page.getByRole('form', { name: 'Contact center options' });
    await again.getByLabel('Only calls from listed numbers').check();
    await again.getByLabel('Numbers, one per line, in E.164 (e.g. +14155550123; at most 1,000)').fill('+14155550123\n020 7946 0000');
    await again.getByRole('button', { name: 'Save contact center options' }).click();
    await expect(again.locator('#cc-numbers-error')).toContainText("Line 2: '02079460000' is not an E.164 number");
  });

  test('the treatment defaults are saved without JavaScript', async ({ browser, baseURL }) => {
    const { context, page } = await signInWithoutJs(browser, baseURL, 'admin@contoso.demo.test');
    const company = await companyId(page, 'Contoso');
    await page.goto(`/c/${company}/treatment`);
    const form = page.getByRole('form', { name: 'Treatment defaults' });
    await form.getByLabel('Beep periodically while recording').selectOption('on');
    await form.getByLabel('Interval in seconds (5 to 300)').fill('400');
    await form.getByRole('button', { name: 'Apply' }).click();
    await expect(page.locator('#company-beep_seconds-error')).toHaveText('The beep interval is 5 to 300 seconds.');
    await page.getByRole('form', { name: 'Treatment defaults' }).getByLabel('Beep periodically while recording').selectOption('on');
    await page.getByRole('form', { name: 'Treatment defaults' }).getByLabel('Interval in seconds (5 to 300)').fill('45');
    await page.getByRole('form', { name: 'Treatment defaults' }).getByRole('button', { name: 'Apply' }).click();
    await expect(page.getByText('Saved. Calls decided from now on use these defaults.')).toBeVisible();
    await expect(page.getByLabel('Interval in seconds (5 to 300)')).toHaveValue('45');
    await context.close();
  });
});
