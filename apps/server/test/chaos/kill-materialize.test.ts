import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BATON, baton, makeProject, removeProject } from '../baton-process';
import { sqliteMaterializationCounts, until } from './chaos-env';

// A `baton materialize` killed with SIGKILL, and no server running: the next CLI command that opens
// the storage fails its run once the heartbeat is 30 s old, and it can be materialized again — once.
describe('kill -9 of a CLI materialize', () => {
  const dir = makeProject('shop');
  afterAll(() => removeProject(dir));

  it('the next `baton runs` fails the orphan after the heartbeat timeout; re-running materializes each partition once', async () => {
    const args = ['materialize', '--select', 'raw/orders', '--from', '2024-01-02', '--to', '2024-01-03', '--json'];
    const victim = spawn(process.execPath, [BATON, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', BATON_FIXTURE_SLEEP_MS: '120000' }, stdio: 'ignore' });
    const runs = async () => JSON.parse((await baton(['runs', '--json'], { cwd: dir, timeoutMs: 60_000 })).stdout) as { id: string; status: string }[];
    await until(async () => (await runs().catch(() => []))[0]?.status === 'running', 60_000, 'the run to start');
    victim.kill('SIGKILL');
    const killedAt = Date.now();
    // alive a moment ago: not failed yet
    expect((await runs())[0]!.status).toBe('running');
    await new Promise((r) => setTimeout(r, Math.max(0, killedAt + 31_000 - Date.now())));
    const listed = await baton(['runs', '--json'], { cwd: dir, timeoutMs: 60_000 });
    expect(listed.stderr).toMatch(/recovered 1 run\(s\) whose process stopped heartbeating/);
    expect(JSON.parse(listed.stdout)[0].status).toBe('failure');
    const again = await baton(args, { cwd: dir, timeoutMs: 60_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(await sqliteMaterializationCounts(dir)).toEqual({ 'raw/orders|2024-01-02': 1, 'raw/orders|2024-01-03': 1 });
  }, 180_000);
});
