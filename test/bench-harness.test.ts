import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** `npm run bench`'s harness (bench/run.ts) on bench files of its own: what a user of `npm run bench` relies on. */
const repo = resolve(import.meta.dirname, '..');
const root = mkdtempSync(join(tmpdir(), 'baton-bench-harness-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function benchFile(path: string, body: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), body);
}
// `first` leaves a mark in its process's global scope; `second` reports whether it sees one
benchFile('packages/a/bench/a.bench.ts', `export const scenarios = [
  { name: 'fx.first', unit: 'ms', run() { (globalThis as Record<string, unknown>).benchMark = 1; return { value: 1 }; } },
  { name: 'fx.slow', unit: 'ms', bar: { label: '< 1', check: (v: number) => v < 1 }, run: () => ({ value: 5 }) },
];\n`);
benchFile('packages/b/bench/b.bench.ts', `export const scenarios = [
  { name: 'fx.second', unit: 'ms', run: () => ({ value: (globalThis as Record<string, unknown>).benchMark === 1 ? 1 : 0 }) },
];\n`);
benchFile('apps/c/bench/c.bench.ts', `export const scenarios = [{ name: 'fx.crash', unit: 'ms', run() { process.exit(7); } }];\n`);

/** How fast the host was before the file's process started (bench/host-speed.ts), on every line of a scenario. */
const hostMs = expect.any(Number);

function bench(...prefixes: string[]): { status: number | null; lines: Record<string, unknown>[]; stderr: string } {
  const child = spawnSync(process.execPath, ['--conditions=@baton/source', '--import', 'tsx', join(repo, 'bench/run.ts'), '--root', root, ...prefixes], { cwd: repo, encoding: 'utf8' });
  const lines = child.stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: child.status, lines, stderr: child.stderr };
}

describe('bench harness', () => {
  it('runs each bench file in a process of its own: one file leaves nothing in another\'s measure', () => {
    const { status, lines } = bench('fx.first', 'fx.second');
    expect(lines).toEqual([{ scenario: 'fx.first', value: 1, unit: 'ms', hostMs }, { scenario: 'fx.second', value: 0, unit: 'ms', hostMs }]);
    expect(status).toBe(0);
  });

  it('prints a missed bar, and a file whose process dies, and still runs the other files', () => {
    const { status, lines } = bench('fx');
    // files in path order: apps/ before packages/
    expect(lines).toEqual([
      { scenario: 'apps/c/bench/c.bench.ts', error: 'bench process ended with code 7' },
      { scenario: 'fx.first', value: 1, unit: 'ms', hostMs },
      { scenario: 'fx.slow', value: 5, unit: 'ms', bar: '< 1', pass: false, hostMs },
      { scenario: 'fx.second', value: 0, unit: 'ms', hostMs },
    ]);
    expect(status).toBe(1);
  });

  it('says so when no scenario matches', () => {
    const { status, stderr } = bench('nothing.here');
    expect(status).toBe(2);
    expect(stderr).toContain('no benchmark scenario matches nothing.here');
  });
});
