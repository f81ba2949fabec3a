import { fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IOContext } from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { sqliteTableIOManager } from './sqlite-table-io-manager';

const ioManagerPath = fileURLToPath(new URL('./sqlite-table-io-manager.ts', import.meta.url));
const ctx = (assetKey: string, partitionKey: string): IOContext => ({ assetKey, partitionKey, metadata: {} }) as unknown as IOContext;

/** A child process that writes `count` partitions (each one transaction), interleaved with reads, as fast as it can. */
const WRITER = `
import { sqliteTableIOManager } from ${JSON.stringify(ioManagerPath)};
const [path, prefix, count] = process.argv.slice(2);
const io = sqliteTableIOManager({ path });
const ctx = (assetKey, partitionKey) => ({ assetKey, partitionKey, metadata: {} });
let errors = 0;
for (let i = 0; i < Number(count); i++) {
  const rows = Array.from({ length: 50 }, (_, r) => ({ region: prefix, n: r, [\`f\${i % 5}\`]: i }));
  try {
    io.handleOutput(ctx('events', \`\${prefix}-\${i}\`), rows);
    io.loadInput(ctx('events', \`\${prefix}-\${i}\`));
  } catch (error) {
    errors++;
    process.stderr.write(String(error) + '\\n');
  }
}
io.close();
process.send({ errors });
`;

describe('sqliteTableIOManager under concurrent writers', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('two processes writing partitions of one warehouse at once never fail with "database is locked"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'warehouse-io-'));
    dirs.push(dir);
    const db = join(dir, 'warehouse.sqlite');
    const script = join(dir, 'writer.mts');
    await writeFile(script, WRITER);
    const count = 150;
    const run = (prefix: string) =>
      new Promise<number>((resolve, reject) => {
        const child = fork(script, [db, prefix, String(count)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        let errors = -1;
        child.on('message', (m: { errors: number }) => (errors = m.errors));
        child.on('exit', (code) => (code === 0 && errors >= 0 ? resolve(errors) : reject(new Error(`writer ${prefix} exited with ${code}`))));
      });
    // this process writes too, so three connections compete
    const local = sqliteTableIOManager({ path: db });
    const localWrites = (async () => {
      let errors = 0;
      for (let i = 0; i < 60; i++) {
        try {
          local.handleOutput(ctx('events', `local-${i}`), [{ region: 'local', n: i, [`g${i % 3}`]: i }]);
        } catch {
          errors++;
        }
        await new Promise((r) => setImmediate(r));
      }
      return errors;
    })();
    const errors = await Promise.all([run('a'), run('b'), localWrites]);
    expect(errors).toEqual([0, 0, 0]);
    const stored = local.query<{ n: number }>('select count(*) as n from _partitions')[0]!.n;
    expect(stored).toBe(count * 2 + 60);
    const rows = local.query<{ n: number }>('select count(*) as n from events')[0]!.n;
    expect(rows).toBe(count * 2 * 50 + 60);
    local.close();
  }, 60_000);

  it('a partition it never stored is INPUT_INVALID naming the warehouse, the asset and the partition', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'baton-warehouse-'));
    dirs.push(dir);
    const path = join(dir, 'w.sqlite');
    const io = sqliteTableIOManager({ path });
    try {
      io.handleOutput(ctx('events', 'a'), [{ n: 1 }]);
      expect(() => io.loadInput(ctx('events', 'b'))).toThrow(expect.objectContaining({ code: 'INPUT_INVALID', message: expect.stringContaining(`No stored value for asset "events" partition "b" in the warehouse ${path}. materialize`) }));
    } finally {
      io.close();
    }
  });
});
