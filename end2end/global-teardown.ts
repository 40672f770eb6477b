import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const pid = Number(process.env.EARMARK_SERVER_PID);
  if (pid) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const dir = process.env.EARMARK_E2E_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
