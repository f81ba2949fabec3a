import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baton, removeProject } from './baton-process';

// Inside the repository, so the scaffold's `@baton/core` resolves to the workspace package.
const PROJECTS = join(import.meta.dirname, '..', '.test-projects');
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeProject));

describe('baton init', () => {
  it('scaffolds a project whose assets materialize, and refuses to run over it again (exit 2, naming the file)', async () => {
    mkdirSync(PROJECTS, { recursive: true });
    const parent = mkdtempSync(join(PROJECTS, 'init-'));
    dirs.push(parent);
    const created = await baton(['init', 'shop'], { cwd: parent, timeoutMs: 60_000 });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('baton.config.ts');
    const dir = join(parent, 'shop');
    const scripts = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.materialize).toBe("baton materialize --select '*'");

    // no partition named: the latest day of each daily asset, and the two days before it that the
    // trailing 3-day window reads from raw/orders
    const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
    const plain = await baton(['materialize', '--select', '*'], { cwd: dir, timeoutMs: 90_000 });
    expect(plain.stderr).toBe('');
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain(
      `No partition named, so the latest (with the upstream partitions it reads): raw/orders ${day(3)}…${day(1)}, marts/trailing_revenue ${day(1)}. Pick others with --partition <key> or --from <key> --to <key>.`,
    );
    const run = await baton(['materialize', '--select', '*', '--from', '2026-01-01', '--to', '2026-01-07', '--json'], { cwd: dir, timeoutMs: 90_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).not.toHaveProperty('partitions');
    const latest = await baton(['materialize', '--select', 'marts/trailing_revenue', '--json'], { cwd: dir, timeoutMs: 90_000 });
    expect(latest.code).toBe(0);
    expect(JSON.parse(latest.stdout).partitions).toEqual({ chosen: 'latest', assets: [{ assetKey: 'marts/trailing_revenue', ranges: [[day(1), day(1)]] }] });
    const planned = await baton(['plan', '--select', '*'], { cwd: dir, timeoutMs: 60_000 });
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain(`No partition named, so the latest (with the upstream partitions it reads): raw/orders ${day(3)}…${day(1)}`);
    const status = await baton(['status', '--json'], { cwd: dir, timeoutMs: 60_000 });
    expect(status.stdout).toContain('marts/trailing_revenue');

    const again = await baton(['init', 'shop'], { cwd: parent, timeoutMs: 60_000 });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`baton init: tsconfig.json already exists in ${dir}; baton init never overwrites a file; move it away, or init another folder (baton init <dir>)\n`);
  }, 240_000);
});
