import { test, expect, signIn, signInWithoutJs, hydrated, expectAccessible, companyId, wavFile } from './fixtures';

// "endpoint bucket key-id secret" of the S3-compatible server scripts/test starts that checks
// every request's signature, as a company's real storage account does.
const account = process.env.EARMARK_E2E_S3_ACCOUNT?.split(' ');

/// A second of a 440 Hz tone.
function wav(): Buffer {
  const samples = Buffer.alloc(16000);
  for (let i = 0; i < 8000; i++) samples.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 8000)), i * 2);
  return wavFile(samples);
}

test('a company keeps recordings in its own bucket: a wrong secret is refused next to its field, then uploads play and download from it', async ({ page, playwright, baseURL }) => {
  test.skip(!account, 'skipped: no S3-compatible server that checks signatures (scripts/test starts one and sets EARMARK_E2E_S3_ACCOUNT)');
  const [endpoint, bucket, keyId, secret] = account!;
  await signIn(page, 'admin@contoso.demo.test');
  const company = await companyId(page, 'Contoso');
  await page.goto(`/c/${company}/storage`);
  await hydrated(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Storage' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel("A storage account of this company's own (S3-compatible)").check();
  await page.getByLabel('Endpoint').fill(endpoint);
  await page.getByLabel('Region').fill('us-east-1');
  await page.getByLabel('Bucket').fill(bucket);
  const prefix = `e2e-${Date.now()}`;
  await page.getByLabel('Prefix').fill(prefix);
  await page.getByLabel('Access key id').fill(keyId);
  await page.getByLabel('Secret key').fill('not-the-secret');
  await page.getByLabel('Maximum recording length (minutes)').fill('90');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#storage-secret-error')).toContainText('The storage refused this access key id and secret key');
  await expect(page.getByLabel('Secret key')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  await page.getByLabel('Secret key').fill(secret);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.getByText('The account in use was saved on')).toBeVisible();
  await expect(page.getByLabel('Secret key')).toHaveValue('');
  expect(await page.content()).not.toContain(secret);
  await expect(page.getByLabel('Maximum recording length (minutes)')).toHaveValue('90');

  // The engine uploads a recording; it is kept in the company's bucket.
  const made = await page.request.post('/api/v1/tokens', {
    data: { company, name: 'Storage test engine', privileges: ['recordings.upload'] },
  });
  expect(made.status()).toBe(201);
  const token = (await made.json()).token as string;
  const engine = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const audio = wav();
  let id: string;
  try {
    const meta = {
      call_id: `e2e-own-bucket-${Date.now()}`,
      started_at: '2026-11-30T09:15:00Z',
      duration_seconds: 1,
      direction: 'inbound',
      caller: { name: 'Ada Lovelace', number: '+44 20 7946 0999' },
      callee: { name: 'Front desk', number: '200' },
      trace: [],
    };
    const uploaded = await engine.post(`/api/v1/companies/${company}/recordings`, {
      multipart: {
        metadata: { name: 'metadata.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(meta)) },
        audio: { name: 'call.wav', mimeType: 'audio/wav', buffer: audio },
      },
    });
    expect(uploaded.status(), await uploaded.text()).toBe(201);
    id = (await uploaded.json()).id;
  } finally {
    await engine.dispose();
  }

  // It plays (a range, as the player asks) and downloads, the same bytes as uploaded.
  await page.goto(`/c/${company}/recordings/${id}`);
  await hydrated(page);
  const player = page.getByLabel('Play the recording');
  await player.evaluate((el: HTMLAudioElement) => { el.muted = true; return el.play(); });
  await expect.poll(() => player.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 10_000 }).toBeGreaterThan(0.2);
  await player.evaluate((el: HTMLAudioElement) => el.pause());
  const ranged = await page.request.get(`/recordings/${id}/audio`, { headers: { range: 'bytes=100-199' } });
  expect(ranged.status()).toBe(206);
  expect(Buffer.from(await ranged.body()).equals(audio.subarray(100, 200))).toBeTruthy();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download' }).click()]);
  const { readFileSync } = await import('node:fs');
  expect(readFileSync((await download.path()) as string).equals(audio)).toBeTruthy();

  // The Storage page's check finds the bucket and the rows in agreement.
  await page.goto(`/c/${company}/storage`);
  await hydrated(page);
  await page.getByRole('link', { name: 'Check now' }).click();
  await expect(page.getByTestId('storage-check')).toHaveText(`Every recording (1) matches its file in s3://${bucket}/${prefix}; no other file is there.`);
  await expectAccessible(page);
});

test('the Storage page works with JavaScript off: a wrong field is named, a save is confirmed', async ({ browser, baseURL }) => {
  const { context, page } = await signInWithoutJs(browser, baseURL, 'admin@fabrikam.demo.test');
  try {
    const company = await companyId(page, 'Fabrikam');
    await page.goto(`/c/${company}/storage`);
    await expect(page.getByLabel("The platform's storage")).toBeChecked();
    // A wrong bucket name is named next to its field before anything is tried.
    await page.getByLabel("A storage account of this company's own (S3-compatible)").check();
    await page.getByLabel('Bucket').fill('Bad_Bucket');
    await page.getByLabel('Access key id').fill('AKIAEXAMPLE');
    await page.getByLabel('Secret key').fill('example-secret');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('#storage-bucket-error')).toContainText('3 to 63 lower-case letters');
    await page.getByLabel("The platform's storage").check();
    await page.getByLabel('Maximum recording length (minutes)').fill('45');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Saved. New recordings are kept as set below.')).toBeVisible();
    await expect(page.getByLabel('Maximum recording length (minutes)')).toHaveValue('45');
  } finally {
    await context.close();
  }
});
