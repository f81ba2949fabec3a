import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tscCommand } from './tsc-command';

const dirs: string[] = [];
const project = (parent: string) => {
  const dir = mkdtempSync(join(parent, 'baton-tsc-'));
  dirs.push(dir);
  return { dir, defsPath: join(dir, 'baton.config.ts'), defsLabel: 'baton.config.ts' };
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('tscCommand', () => {
  it("uses the project's tsconfig.json when it has one", () => {
    const location = project(tmpdir());
    writeFileSync(join(location.dir, 'tsconfig.json'), '{}');
    const cmd = tscCommand(location, { watch: true });
    expect(cmd.args).toEqual(['--noEmit', '-p', join(location.dir, 'tsconfig.json'), '--watch', '--preserveWatchOutput', '--pretty', 'false']);
    expect(cmd.tsconfig).toBe(join(location.dir, 'tsconfig.json'));
    expect(cmd.tscPath).toMatch(/typescript[\\/]bin[\\/]tsc$/);
  });

  it("else checks the definitions file strictly, with Node's types when the project resolves them", () => {
    const inRepo = tscCommand(project(import.meta.dirname));
    expect(inRepo.tsconfig).toBeNull();
    expect(inRepo.args).toEqual(expect.arrayContaining(['--strict', '--noEmit', '--types', 'node', join(inRepo.cwd, 'baton.config.ts')]));
    const alone = tscCommand(project(tmpdir()));
    expect(alone.args).not.toContain('--types');
  });
});
