import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatonError } from '@baton/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStorage, createSqliteStorage, createStorageFromEnv } from '@baton/storage';
import { TEST_POSTGRES_ENV } from '@baton/storage/testing';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bad-input-'));
  chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function errorOf(p: Promise<unknown>): Promise<BatonError> {
  const error = await p.then(() => undefined, (e: unknown) => e);
  expect(BatonError.is(error), `expected a BatonError, got ${String(error)}`).toBe(true);
  return error as BatonError;
}

describe('SQLite bad input', () => {
  it('creates .baton/ under the project directory by default', async () => {
    const dir = tempDir();
    const storage = await createSqliteStorage({ projectDir: dir });
    await storage.close();
    expect(() => rmSync(join(dir, '.baton', 'baton.db'))).not.toThrow();
  });

  it('a corrupted file gives STORAGE_CORRUPT naming the file, and is not overwritten', async () => {
    const path = join(tempDir(), 'baton.db');
    const garbage = Buffer.from('this is not a database '.repeat(400));
    writeFileSync(path, garbage);
    const error = await errorOf(createSqliteStorage({ path }));
    expect(error.code).toBe('STORAGE_CORRUPT');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/storage path/);
    expect(readFileSync(path).equals(garbage)).toBe(true);
  });

  it('an uncreatable directory gives STORAGE_CONFIG_INVALID naming the setting', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a-file'), 'x');
    const error = await errorOf(createSqliteStorage({ path: join(dir, 'a-file', 'sub', 'baton.db') }));
    expect(error.code).toBe('STORAGE_CONFIG_INVALID');
    expect(error.message).toMatch(/Cannot create the directory/);
    expect(error.message).toMatch(/path/);
  });

  it('a path that is a directory gives STORAGE_CONFIG_INVALID', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'db'));
    expect((await errorOf(createSqliteStorage({ path: join(dir, 'db') }))).code).toBe('STORAGE_CONFIG_INVALID');
  });

  it('a read-only file gives STORAGE_READ_ONLY (checked as an unprivileged user)', async () => {
    const dir = tempDir();
    const path = join(dir, 'baton.db');
    writeFileSync(path, '');
    chmodSync(path, 0o444);
    // root may write anything, so the check runs in a child process as "nobody" when we are root;
    // that user may not be able to read the checkout (a clone under a mode-700 `mktemp -d`), so the
    // child gets a copy of everything it runs in a world-readable folder of its own
    const script = await unprivilegedCopyOf(fileURLToPath(new URL('./fixtures/open-storage.ts', import.meta.url)));
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const result = spawnSync(process.execPath, [script, JSON.stringify({ path })], { encoding: 'utf8', ...asNobody, env: { ...process.env, HOME: dir } });
    const out = JSON.parse(result.stdout.trim().split('\n').pop() || '{}') as { code?: string; message?: string };
    expect(out.code, result.stderr).toBe('STORAGE_READ_ONLY');
    expect(out.message).toContain(path);
  });
});

/**
 * Bundles `entry` (TypeScript and the workspace packages it imports) into one plain .mjs in a new
 * world-readable temp folder, next to a copy of better-sqlite3 (its JS, its compiled addon and the
 * `bindings` packages it loads that with), so a user who cannot read the checkout can run it.
 */
async function unprivilegedCopyOf(entry: string): Promise<string> {
  const dir = tempDir();
  const { build } = await import('esbuild');
  const out = join(dir, 'entry.mjs');
  await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', conditions: ['@baton/source'], external: ['better-sqlite3'], logLevel: 'silent' });
  const require = createRequire(import.meta.url);
  const packageDir = (name: string, from?: string) => dirname(require.resolve(`${name}/package.json`, from ? { paths: [from] } : undefined));
  const sqlite = packageDir('better-sqlite3');
  const bindings = packageDir('bindings', sqlite);
  const copies: [string, string[]][] = [
    [sqlite, ['package.json', 'lib', 'build/Release/better_sqlite3.node']],
    [bindings, ['package.json', 'bindings.js']],
    [packageDir('file-uri-to-path', bindings), ['package.json', 'index.js']],
  ];
  for (const [from, files] of copies) {
    const to = join(dir, 'node_modules', basename(from));
    for (const file of files) cpSync(join(from, file), join(to, file), { recursive: true });
  }
  // cpSync keeps the modes of the sources; make the whole copy readable (and folders traversable)
  spawnSync('chmod', ['-R', 'a+rX', dir]);
  return out;
}

describe('PostgreSQL bad input', () => {
  it('a malformed URL gives STORAGE_CONFIG_INVALID naming BATON_DATABASE_URL, without the password', async () => {
    for (const url of ['postgres//nohost', 'mysql://u:secret@h/db', 'postgres://u:secret@/db']) {
      const error = await errorOf(createPostgresStorage({ url }));
      expect(error.code).toBe('STORAGE_CONFIG_INVALID');
      expect(error.message).toContain('BATON_DATABASE_URL');
      expect(error.message).not.toContain('secret');
    }
  });

  it('an unreachable server gives STORAGE_UNAVAILABLE naming BATON_DATABASE_URL and the host, quickly', async () => {
    const t0 = Date.now();
    const error = await errorOf(createPostgresStorage({ url: 'postgres://u:secret@127.0.0.1:1/db', connectTimeoutMs: 2000 }));
    expect(error.code).toBe('STORAGE_UNAVAILABLE');
    expect(error.message).toContain('BATON_DATABASE_URL');
    expect(error.message).toContain('127.0.0.1:1');
    expect(error.message).not.toContain('secret');
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('createStorageFromEnv picks PostgreSQL only when BATON_DATABASE_URL is set', async () => {
    const dir = tempDir();
    const sqlite = await createStorageFromEnv({ projectDir: dir, env: {} });
    expect(sqlite.dialect).toBe('sqlite');
    await sqlite.close();
    const error = await errorOf(createStorageFromEnv({ projectDir: dir, env: { BATON_DATABASE_URL: 'postgresql://127.0.0.1:1/x' } }));
    expect(error.code).toBe('STORAGE_UNAVAILABLE');
    const url = process.env[TEST_POSTGRES_ENV];
    if (url) {
      const schema = `baton_env_${Date.now()}`;
      const postgres = await createStorageFromEnv({ projectDir: dir, env: { BATON_DATABASE_URL: url, BATON_DATABASE_SCHEMA: schema } });
      expect(postgres.dialect).toBe('postgres');
      await postgres.close();
      const pg = await import('pg');
      const client = new pg.default.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema "${schema}" cascade`);
      await client.end();
    }
  });
});
