import { test, expect, signIn, signInWithoutJs, hydrated, expectAccessible, companyId, setForceRecord, cells, wavFile } from './fixtures';

test('a call decided for recording shows as missing until its recording is uploaded', async ({ page, playwright, baseURL, browser }) => {
  await signIn(page, 'admin@contoso.demo.test');
  const company = await companyId(page, 'Contoso');
  await setForceRecord(page, company, { entire_account: cells('inbound', 'offnet') });
  const made = await page.request.post('/api/v1/tokens', {
    data: { company, name: 'Missing test engine', privileges: ['recording_policy.view', 'recordings.upload'] },
  });
  expect(made.status()).toBe(201);
  const token = (await made.json()).token as string;
  const engine = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const callId = `e2e-missing-${Date.now()}`;
  try {
    const devices = await (await page.request.get(`/api/v1/companies/${company}/devices`)).json();
    const device = (devices.devices ?? devices.rows ?? devices)[0].id as string;
    const decided = await engine.post(`/api/v1/companies/${company}/decisions`, {
      data: { source: { external: '+15551234567' }, destination: { device }, caller_input: 'none', call_id: callId },
    });
    expect(decided.status(), await decided.text()).toBe(200);
    expect((await decided.json()).recorded).toBe(true);

    // Within the deadline it is not missing yet; looking with none, it is.
    await page.goto(`/c/${company}/missing-recordings`);
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Missing recordings' })).toBeVisible();
    await expect(page.getByText(callId)).toHaveCount(0);
    await expectAccessible(page);
    await page.getByLabel('Look with a deadline of (minutes)').fill('0');
    await page.getByRole('button', { name: 'Look' }).click();
    await expect(page).toHaveURL(/deadline_minutes=0/);
    await expect(page.getByTestId('missing-list').getByRole('row').filter({ hasText: callId })).toContainText('entire_account.inbound.offnet');
    await expect(page.getByTestId('missing-summary')).toContainText('looking 0 minutes after each decision');
    await expectAccessible(page);

    // The recording arrives: the call leaves the list.
    const meta = { call_id: callId, started_at: '2026-11-30T09:15:00Z', duration_seconds: 1, direction: 'inbound' };
    const up = await engine.post(`/api/v1/companies/${company}/recordings`, {
      multipart: {
        metadata: { name: 'metadata.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(meta)) },
        audio: { name: 'call.wav', mimeType: 'audio/wav', buffer: wavFile(Buffer.alloc(16000)) },
      },
    });
    expect(up.status(), await up.text()).toBe(201);
    await page.reload();
    await hydrated(page);
    await expect(page.getByText(callId)).toHaveCount(0);

    // The deadline is saved with JavaScript off, and a wrong one is named next to its field.
    const { context, page: plain } = await signInWithoutJs(browser, baseURL, 'admin@contoso.demo.test');
    try {
      await plain.goto(`/c/${company}/missing-recordings`);
      await plain.getByLabel('Minutes the engine has to upload a recording').fill('0');
      await plain.getByRole('button', { name: 'Save Changes' }).click();
      await expect(plain.locator('#upload-deadline-error')).toContainText('1 to 10080 minutes');
      await plain.getByLabel('Minutes the engine has to upload a recording').fill('30');
      await plain.getByRole('button', { name: 'Save Changes' }).click();
      await expect(plain).toHaveURL(/saved=1/);
      await expect(plain.getByLabel('Minutes the engine has to upload a recording')).toHaveValue('30');
    } finally {
      await context.close();
    }
  } finally {
    await engine.dispose();
    await setForceRecord(page, company);
  }
});
