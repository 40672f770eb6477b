import { test as base, expect, type Browser, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const PASSWORD = 'demo-pass-2026';

/// Every test gets the server's address, and fails on a script error or a CSP refusal.
export const test = base.extend({
  baseURL: async ({}, use) => {
    await use(process.env.EARMARK_BASE_URL);
  },
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      const text = m.text();
      if (m.type() === 'error' && /Content Security Policy|panicked|RuntimeError|hydration/i.test(text)) {
        problems.push(`console: ${text}`);
      }
    });
    await use(page);
    expect(problems, 'script errors or CSP refusals in the page').toEqual([]);
  },
});

export { expect };

/// Waits until the WASM has hydrated the page.
export async function hydrated(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1, { timeout: 30_000 });
}

export async function login(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/// Signs in with the right password and waits until the portal has taken the administrator
/// past the login page.
export async function signIn(page: Page, email: string) {
  await login(page, email);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
}

export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found, 'axe-core violations').toEqual([]);
}

/// The company id for a company name, as the signed-in administrator sees it.
export async function companyId(page: Page, name: string): Promise<string> {
  const res = await page.request.get('/api/v1/companies');
  expect(res.status()).toBe(200);
  const list: { id: string; name: string }[] = await res.json();
  const found = list.find((c) => c.name === name);
  if (!found) throw new Error(`company ${name} is not reachable`);
  return found.id;
}

export async function navItems(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Company sections' });
  await expect(nav).toBeVisible();
  return (await nav.getByRole('link').allTextContents()).map((t) => t.trim());
}

/// A browser context with JavaScript off, signed in through the plain login form.
export async function signInWithoutJs(browser: Browser, baseURL: string | undefined, email: string) {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return { context, page };
}

export type Cells = { inbound: { onnet: boolean; offnet: boolean }; outbound: { onnet: boolean; offnet: boolean } };
export const ALL_OFF: Cells = { inbound: { onnet: false, offnet: false }, outbound: { onnet: false, offnet: false } };

/// A matrix with one switch on.
export function cells(direction: 'inbound' | 'outbound', network: 'onnet' | 'offnet'): Cells {
  const m: Cells = JSON.parse(JSON.stringify(ALL_OFF));
  m[direction][network] = true;
  return m;
}

/// Sets a company's account force record through the JSON API, with the version it read;
/// with no change, everything off.
export async function setForceRecord(page: Page, company: string, change: { all_users?: Cells; entire_account?: Cells } = {}) {
  const current = await (await page.request.get(`/api/v1/companies/${company}/force-record`)).json();
  const res = await page.request.put(`/api/v1/companies/${company}/force-record`, {
    data: {
      all_users: change.all_users ?? ALL_OFF,
      entire_account: change.entire_account ?? ALL_OFF,
      on_demand: { enabled: false, code: '' },
      version: current.version,
    },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/// 16-bit mono samples at 8 kHz as a WAV file, as an engine or an administrator uploads one.
export function wavFile(samples: Buffer): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + samples.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(samples.length, 40);
  return Buffer.concat([h, samples]);
}

/// Uploads one recording per start time as the engine does (its own upload token, made by the
/// signed-in administrator), all from `caller` (a name, or a name and number); their ids.
export async function uploadCalls(
  page: Page,
  playwright: { request: { newContext: (o: object) => Promise<import('@playwright/test').APIRequestContext> } },
  baseURL: string | undefined,
  company: string,
  caller: string | { name: string; number: string },
  startedAt: string[],
): Promise<string[]> {
  const made = await page.request.post('/api/v1/tokens', { data: { company, name: `Engine ${Date.now()}`, privileges: ['recordings.upload'] } });
  expect(made.status()).toBe(201);
  const token = (await made.json()).token as string;
  const engine = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const ids: string[] = [];
  try {
    for (const [n, at] of startedAt.entries()) {
      const meta = {
        call_id: `e2e-${Date.now()}-${n}`,
        started_at: at,
        duration_seconds: 1,
        direction: 'inbound',
        caller: typeof caller === 'string' ? { name: caller, number: '+31 20 555 0177' } : caller,
        callee: { name: 'Ann Lee', number: '201' },
      };
      const r = await engine.post(`/api/v1/companies/${company}/recordings`, {
        multipart: {
          metadata: { name: 'metadata.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(meta)) },
          audio: { name: 'call.wav', mimeType: 'audio/wav', buffer: wavFile(Buffer.alloc(16000)) },
        },
      });
      expect(r.status(), await r.text()).toBe(201);
      ids.push((await r.json()).id as string);
    }
  } finally {
    await engine.dispose();
  }
  return ids;
}
