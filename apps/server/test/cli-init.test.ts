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
    const materializeArgs = ['materialize', '--select', '*', '--from', '2026-01-01', '--to', '2026-01-07'];
    expect(scripts.materialize).toBe(`baton ${materializeArgs.map((a) => (a === '*' ? "'*'" : a)).join(' ')}`);

    const run = await baton([...materializeArgs, '--json'], { cwd: dir, timeoutMs: 90_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const status = await baton(['status', '--json'], { cwd: dir, timeoutMs: 60_000 });
    expect(status.stdout).toContain('marts/trailing_revenue');

    const again = await baton(['init', 'shop'], { cwd: parent, timeoutMs: 60_000 });
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`baton init: tsconfig.json already exists in ${dir}; baton init never overwrites a file; move it away, or init another folder (baton init <dir>)\n`);
  }, 240_000);
});
