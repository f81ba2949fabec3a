import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baton, makeProject, removeProject } from './baton-process';

// Every bad input: one line on stderr with what was wrong and a suggestion, exit code 2.
describe('baton: bad input → one-line error, exit 2', () => {
  let shop: string;
  const dirs: string[] = [];
  beforeAll(() => {
    shop = makeProject('shop');
    dirs.push(shop);
  });
  afterAll(() => dirs.forEach(removeProject));

  const expectUsageError = (r: { code: number | null; stdout: string; stderr: string }, text: RegExp) => {
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^baton: /);
    expect(lines[0]).toMatch(text);
  };

  it.concurrent('unknown asset in a selection suggests the closest key', async () => {
    const r = await baton(['materialize', '--select', 'raw/ordrs'], { cwd: shop });
    expectUsageError(r, /asset "raw\/ordrs", which is not defined.*did you mean "raw\/orders"\?/);
  });

  it.concurrent('invalid partition key names the asset and the key shape', async () => {
    const r = await baton(['materialize', '--select', 'raw/orders', '--partition', '2024-13-45'], { cwd: shop });
    expectUsageError(r, /2024-13-45.*raw\/orders/);
  });

  it.concurrent('--from after --to says to swap them', async () => {
    const r = await baton(['materialize', '--select', 'raw/orders', '--from', '2024-01-20', '--to', '2024-01-10'], { cwd: shop });
    expectUsageError(r, /--from "2024-01-20" is after --to "2024-01-10"; swap them: --from 2024-01-10 --to 2024-01-20/);
  });

  it.concurrent('unknown flag suggests the right one', async () => {
    const r = await baton(['materialize', '--selct', 'raw/orders'], { cwd: shop });
    expectUsageError(r, /unknown option '--selct'; did you mean `--select`\?/);
  });

  it.concurrent('unknown command suggests the right one', async () => {
    const r = await baton(['materialise'], { cwd: shop });
    expectUsageError(r, /unknown command 'materialise'; did you mean `materialize`\?/);
  });

  it.concurrent('bad duration shows the expected format', async () => {
    const r = await baton(['prune', '--older-than', '3 weeks'], { cwd: shop });
    expectUsageError(r, /--older-than "3 weeks" is not a duration; use a number and a unit, e.g. 30d/);
  });

  it.concurrent('bad --reprocess and --policy values', async () => {
    const r1 = await baton(['backfill', '--select', 'raw/orders', '--reprocess', 'missin'], { cwd: shop });
    expectUsageError(r1, /--reprocess "missin" is not one of .*did you mean `missing`\?/);
    const r2 = await baton(['backfill', '--select', 'raw/orders', '--policy', 'batch:x'], { cwd: shop });
    expectUsageError(r2, /--policy "batch:x" is not a run policy/);
  });

  it.concurrent('materialize without --select or --stale, and a half range', async () => {
    expectUsageError(await baton(['materialize'], { cwd: shop }), /needs --select <selection> or --stale/);
    expectUsageError(await baton(['materialize', '--select', 'raw/orders', '--from', '2024-01-01'], { cwd: shop }), /--from needs --to/);
  });

  it.concurrent('unknown run id and unknown asset to explain', async () => {
    expectUsageError(await baton(['run', 'nope'], { cwd: shop }), /Run "nope" does not exist/);
    expectUsageError(await baton(['explain', 'clean/ordrs'], { cwd: shop }), /did you mean "clean\/orders"/);
  });

  it.concurrent('a project without baton.config.ts says how to create one', async () => {
    const r = await baton(['status'], { cwd: '/' });
    expectUsageError(r, /No baton.config.ts in \/; create baton.config.ts/);
  });

  it.concurrent('worker on SQLite is refused clearly', async () => {
    const r = await baton(['worker'], { cwd: shop, env: { BATON_DATABASE_URL: '' } });
    expectUsageError(r, /baton worker needs PostgreSQL: set BATON_DATABASE_URL=postgres:/);
  });

  it.concurrent('a worker --dead-after shorter than 5 s is refused (a busy worker would be taken for dead)', async () => {
    const r = await baton(['worker', '--dead-after', '2'], { cwd: shop, env: { BATON_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } });
    expectUsageError(r, /--dead-after 2 is too short: a busy worker could be taken for dead and its steps run twice/);
    expect(r.stderr).toContain('use 5 seconds or more (default 30)');
  });

  it.concurrent('--help on a command exits 0 and lists its flags', async () => {
    const r = await baton(['backfill', '--help'], { cwd: shop });
    expect(r.code).toBe(0);
    for (const flag of ['--select', '--from', '--to', '--reprocess', '--policy', '--max-concurrent', '--dry-run']) expect(r.stdout).toContain(flag);
  });
});

describe('baton: definition errors name the file and the asset', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(removeProject));
  const run = async (fixture: string) => {
    const dir = makeProject(fixture);
    dirs.push(dir);
    return baton(['status'], { cwd: dir });
  };

  it.concurrent('syntax error with file:line:column', async () => {
    const r = await run('broken-syntax');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/Cannot load definitions from baton.config.ts: syntax error at .*baton.config.ts:3:\d+/);
  });

  it.concurrent('dependency cycle', async () => {
    const r = await run('cycle');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Cannot load definitions from baton.config.ts: .*cycle.*"?a"? → "?b"? → "?a"?/i);
  });

  it.concurrent('duplicate key', async () => {
    const r = await run('duplicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/baton.config.ts: Asset key "raw\/orders" is defined twice/);
  });

  it.concurrent('unknown upstream with a suggestion', async () => {
    const r = await run('unknown-upstream');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/baton.config.ts: Asset "clean\/orders" depends on "raw\/ordrs", which is not defined.*did you mean "raw\/orders"/);
  });

  it.concurrent('a module exporting no definitions', async () => {
    const r = await run('no-export');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/baton.config.ts exports no definitions \(exports: orders\); export the value of definitions\(\)/);
  });
});
