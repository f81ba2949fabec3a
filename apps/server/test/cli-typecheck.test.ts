import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baton, eventually, graphql, makeProject, removeProject, startBaton, stopBaton } from './baton-process';

// Type errors where users look: a broken typed edge (raw/amounts gives number[], marts/totals reads
// string[]) loads and runs, but `materialize --typecheck` refuses it and `baton dev` reports it.
const brokenLine = (dir: string) => readFileSync(join(dir, 'baton.config.ts'), 'utf8').split('\n').findIndex((l) => l.includes("key: 'marts/totals'")) + 1;

describe('baton materialize --typecheck', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeProject('typed-edge');
  });
  afterAll(() => removeProject(dir));

  it('refuses to run on a type error: exit 2, file:line:col and the TS error, nothing materialized', async () => {
    const r = await baton(['materialize', '--select', '*', '--typecheck'], { cwd: dir, timeoutMs: 120_000 });
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^baton\\.config\\.ts:${brokenLine(dir)}:\\d+ - error TS2769: No overload matches this call\\.`, 'm'));
    expect(r.stderr).toMatch(/baton: 1 type error \(tsc --noEmit --strict on baton\.config\.ts\); nothing was materialized\. Fix them, or run without --typecheck\./);
    expect(r.stdout).not.toMatch(/Succeeded|Failed/);
    const runs = await baton(['runs', '--json'], { cwd: dir, timeoutMs: 60_000 });
    expect(JSON.parse(runs.stdout)).toEqual([]);
  }, 150_000);

  it('--json lists the errors', async () => {
    const r = await baton(['materialize', '--select', '*', '--typecheck', '--json'], { cwd: dir, timeoutMs: 120_000 });
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.status).toBe('type-errors');
    expect(out.typeErrors).toEqual([expect.objectContaining({ file: 'baton.config.ts', line: brokenLine(dir), code: 'TS2769' })]);
  }, 150_000);

  it('runs as usual once the types are right (and without --typecheck the broken edge runs anyway)', async () => {
    const plain = await baton(['materialize', '--select', '*'], { cwd: dir, timeoutMs: 60_000 });
    expect(plain.code, plain.stderr).toBe(0);
    writeFileSync(join(dir, 'baton.config.ts'), readFileSync(join(dir, 'baton.config.ts'), 'utf8').replace('{ amounts: string[] }', '{ amounts: number[] }'));
    const r = await baton(['materialize', '--select', '*', '--typecheck'], { cwd: dir, timeoutMs: 120_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Succeeded/);
  }, 240_000);
});

describe('baton dev type-checks in the background', () => {
  let dir: string;
  let child: ChildProcess;
  let url: string;
  let output: () => string;
  const typeStatus = async () => (await graphql(url, '{ definitionsStatus { ok typeCheck typeErrors { file line column code message } } }')).data.definitionsStatus;

  beforeAll(async () => {
    dir = makeProject('typed-edge');
    const started = await startBaton(['dev', '--port', '0', '--workers', '1'], { cwd: dir, ready: /ready at (http:\/\/127\.0\.0\.1:\d+)/, timeoutMs: 60_000 });
    child = started.child;
    output = started.output;
    url = started.match[1]!;
  }, 90_000);
  afterAll(async () => {
    if (child) await stopBaton(child);
    removeProject(dir);
  });

  it('reports the error in the terminal and the API without blocking runs, and re-checks on edit', async () => {
    const failed = await eventually(async () => {
      const s = await typeStatus();
      return s.typeCheck === 'FAILED' && s;
    }, 150_000);
    expect(failed.ok).toBe(true);
    expect(failed.typeErrors).toEqual([{ file: 'baton.config.ts', line: brokenLine(dir), column: expect.any(Number), code: 'TS2769', message: expect.stringContaining("Type 'number' is not assignable to type 'string'") }]);
    expect(output()).toMatch(new RegExp(`baton: 1 type error \\(runs are not blocked\\):\\n  baton\\.config\\.ts:${brokenLine(dir)}:\\d+ - error TS2769`));

    const launched = await graphql(url, 'mutation { materialize(selection: "*") { __typename } }');
    expect(launched.data.materialize.__typename).toBe('LaunchSuccess');

    writeFileSync(join(dir, 'baton.config.ts'), readFileSync(join(dir, 'baton.config.ts'), 'utf8').replace('{ amounts: string[] }', '{ amounts: number[] }'));
    const passed = await eventually(async () => {
      const s = await typeStatus();
      return s.typeCheck === 'PASSED' && s;
    }, 150_000);
    expect(passed.typeErrors).toEqual([]);
    expect(output()).toMatch(/baton: type errors fixed/);
  }, 320_000);
});
