import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSqliteStorage } from '../src/index';
import { eventFactory } from '../src/testing/event-factory';

/** A fresh database file, opened, with `batches` appends of a few events each. */
async function appended(checkpoint: 'background' | 'inline', batches: number) {
  const path = join(mkdtempSync(join(tmpdir(), 'baton-ckpt-')), 'baton.db');
  const storage = await createSqliteStorage({ path, checkpoint });
  const e = eventFactory('run-1');
  for (let i = 0; i < batches; i++) await storage.appendEvents([e.stepStarted(`s${i}`, [`a${i}`]), e.materialization(`a${i}`, null, { stepKey: `s${i}` }), e.stepSuccess(`s${i}`)]);
  return { path, storage };
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) if (check()) return true;
  return check();
}

describe('SQLite checkpoints', () => {
  it('a process that appends has its write-ahead log copied into the database file by a worker, not by its commits', async () => {
    // the same writes, far below SQLite's own threshold (10,000 frames): only the worker copies them
    const inline = await appended('inline', 40);
    const background = await appended('background', 40);
    expect(await until(() => statSync(background.path).size > 64 * 1024, 5000)).toBe(true);
    expect(statSync(inline.path).size).toBeLessThan(64 * 1024);
    expect(await background.storage.eventsForRun('run-1')).toHaveLength(120);
    await inline.storage.close();
    await background.storage.close();
  });

  it('close stops the worker and the main connection: the log is removed and the data reopens', async () => {
    const { path, storage } = await appended('background', 40);
    await new Promise((r) => setTimeout(r, 300));
    await storage.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const reopened = await createSqliteStorage({ path });
    expect(await reopened.eventsForRun('run-1')).toHaveLength(120);
    await reopened.close();
  });

  it('a process that appends little starts no worker', async () => {
    const { path, storage } = await appended('background', 5);
    await new Promise((r) => setTimeout(r, 600));
    expect(statSync(path).size).toBeLessThan(64 * 1024);
    await storage.close();
  });
});
