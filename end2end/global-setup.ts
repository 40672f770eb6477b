import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not answer at ${url}`);
}

export default async function globalSetup() {
  const bin = process.env.EARMARK_BIN;
  if (!bin) throw new Error('EARMARK_BIN must point at the earmark binary (scripts/test sets it)');
  const dir = mkdtempSync(join(tmpdir(), 'earmark-e2e-'));
  // EARMARK_E2E_DATABASE (scripts/test sets it for the PostgreSQL smoke run) names a fresh
  // database to use instead of a SQLite file in the temporary folder.
  const env = {
    ...process.env,
    EARMARK_DATABASE: process.env.EARMARK_E2E_DATABASE || join(dir, 'earmark.db'),
    EARMARK_RECORDINGS_DIR: join(dir, 'recordings'),
    // A key of this run's own, so the Storage page can seal an account's secret.
    EARMARK_SECRET_KEY: randomBytes(32).toString('hex'),
    RUST_LOG: process.env.RUST_LOG ?? 'warn',
  };
  const seeded = spawnSync(bin, ['demo'], { env, stdio: 'inherit' });
  if (seeded.status !== 0) throw new Error('earmark demo failed');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  writeFileSync(join(dir, 'server.pid'), String(server.pid));
  process.env.EARMARK_BASE_URL = base;
  process.env.EARMARK_E2E_DIR = dir;
  process.env.EARMARK_SERVER_PID = String(server.pid);
  await waitFor(`${base}/login`, 30_000);
}
