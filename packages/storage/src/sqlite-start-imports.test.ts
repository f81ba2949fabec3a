import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');

/**
 * A SQLite project never pays for the PostgreSQL driver at start-up: importing @baton/storage and opening a
 * SQLite store loads no module of pg (CommonJS: require.cache holds what was loaded).
 */
describe('@baton/storage on SQLite', () => {
  it('loads no module of the PostgreSQL driver', () => {
    const script = [
      "const { createRequire } = await import('node:module');",
      "const { createSqliteStorage } = await import('@baton/storage');",
      "const storage = await createSqliteStorage({ path: ':memory:' });",
      'await storage.close();',
      'const loaded = Object.keys(createRequire(import.meta.url).cache);',
      "console.log(JSON.stringify(loaded.filter((p) => /[\\\\/]node_modules[\\\\/]pg[\\\\/]/.test(p))));",
    ].join('\n');
    const child = spawnSync(process.execPath, ['--conditions=@baton/source', '--import', 'tsx/esm', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout.trim().split('\n').pop()!)).toEqual([]);
  });
});
