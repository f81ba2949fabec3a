import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The driver's and coordinator's timers are unref'd, so a server can exit; a script awaiting driveBackfill
// must not exit while its backfill waits for the driver's next pass (it used to, with exit code 13: an
// unfinished top-level await, the backfill left half done and nothing said).
describe('driveBackfill in a plain script', () => {
  it('keeps the process alive until the backfill ends, runs that wait on other runs included', () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-drive-'));
    try {
      const script = join(import.meta.dirname, 'fixtures', 'drive-backfill-script.ts');
      const child = spawnSync(process.execPath, ['--import', 'tsx', script, dir], { encoding: 'utf8', timeout: 60_000 });
      expect({ status: child.status, stdout: child.stdout.trim(), stderr: child.stderr.slice(-500) }).toEqual({ status: 0, stdout: 'backfill completed_success', stderr: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
