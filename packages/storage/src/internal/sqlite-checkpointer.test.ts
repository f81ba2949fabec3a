import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKSTOP_CHECKPOINT_FRAMES, INLINE_CHECKPOINT_FRAMES, sqliteCheckpointer, type Checkpointer } from './sqlite-checkpointer';

const opened: { database: Database.Database; checkpointer: Checkpointer }[] = [];

function open(path = join(mkdtempSync(join(tmpdir(), 'baton-ckptr-')), 'baton.db')) {
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_FRAMES}`);
  const checkpointer = sqliteCheckpointer(database, path, { intervalMs: 60_000, afterWrites: 1 });
  opened.push({ database, checkpointer });
  return { database, checkpointer };
}

const autocheckpoint = (database: Database.Database) => database.pragma('wal_autocheckpoint', { simple: true });

afterEach(async () => {
  for (const { database, checkpointer } of opened.splice(0)) {
    await checkpointer.close();
    database.close();
  }
});

describe('sqliteCheckpointer', () => {
  it('moves the main connection to the backstop as the worker starts, not once the event loop turns', () => {
    // a run's appends resolve in microtasks: a message from the worker is not read until the run ends
    const { database, checkpointer } = open();
    expect(autocheckpoint(database)).toBe(INLINE_CHECKPOINT_FRAMES);
    checkpointer.wrote();
    expect(autocheckpoint(database)).toBe(BACKSTOP_CHECKPOINT_FRAMES);
  });

  it('gives checkpoints back to SQLite when the worker dies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-ckptr-'));
    const database = new Database(join(dir, 'baton.db'));
    database.pragma('journal_mode = WAL');
    // the worker cannot open a database in a folder that does not exist: it throws and exits
    const checkpointer = sqliteCheckpointer(database, join(dir, 'missing', 'baton.db'), { intervalMs: 60_000, afterWrites: 1 });
    opened.push({ database, checkpointer });
    checkpointer.wrote();
    const deadline = Date.now() + 5000;
    while (autocheckpoint(database) !== INLINE_CHECKPOINT_FRAMES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(autocheckpoint(database)).toBe(INLINE_CHECKPOINT_FRAMES);
  });
});
