import { defineConfig } from '@playwright/test';

// One real server for the run (started by global-setup on a free port, with a fresh
// temporary SQLite database, or the fresh database EARMARK_E2E_DATABASE names, and the demo
// data), real Debian Chromium. Tests tagged @postgres also run on PostgreSQL (scripts/test).
export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'off',
  },
});
