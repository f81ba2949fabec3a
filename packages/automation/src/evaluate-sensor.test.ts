import { asset, assetSensor, definitions, dynamicPartitions, runStatusSensor, sensor, type AutomationState, type RunRecord } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { at, carry, snap } from '../test/fixtures';
import { evaluateTick } from './evaluate-tick';

const files = dynamicPartitions('files');
const raw = asset({ key: 'raw/files', partitions: files, compute: () => 1 });
const orders = asset({ key: 'raw/orders', compute: () => 1 });
const clean = asset({ key: 'clean/orders', ins: { orders }, compute: () => 1 });
const t0 = at('2026-03-02T09:00:00Z');

const run = (id: string, status: RunRecord['status'], endedAt: number): RunRecord => ({
  id, status, assetKeys: ['raw/orders'], partition: { kind: 'none' }, tags: {}, backfillId: null, parentRunId: null, priority: 0, plan: null,
  createdAt: endedAt - 1000, startedAt: endedAt - 900, endedAt, heartbeatAt: null, owner: null, error: status === 'failure' ? 'boom' : null,
});

describe('sensors', () => {
  it('polls at its interval with a persisted cursor, requesting runs and adding dynamic partitions', async () => {
    const seen: (string | null)[] = [];
    const s = sensor({
      name: 'new_files',
      intervalSeconds: 60,
      evaluate: ({ cursor }) => {
        seen.push(cursor);
        const n = Number(cursor ?? 0) + 1;
        return { cursor: String(n), runRequests: [{ target: 'raw/files', partitionKeys: [`f${n}`], runKey: `f${n}` }], dynamicPartitions: { add: { files: [`f${n}`] } } };
      },
    });
    const defs = definitions({ assets: [raw], sensors: [s] });
    let state: AutomationState[] = [];
    const step = async (now: number) => {
      const tick = await evaluateTick({ definitions: defs, snapshot: snap(now, {}), state, now });
      state = carry(state, tick.states);
      return tick;
    };
    const first = await step(t0);
    expect(first.runRequests).toMatchObject([{ source: { kind: 'sensor', name: 'new_files' }, assetKeys: ['raw/files'], partitionKeys: ['f1'] }]);
    expect(first.dynamicPartitions.add).toEqual({ files: ['f1'] });
    expect((await step(t0 + 30_000)).sensors).toEqual([]); // not due yet
    const third = await step(t0 + 60_000);
    expect(third.runRequests[0]!.partitionKeys).toEqual(['f2']);
    expect(seen).toEqual([null, '1']);
    expect(JSON.parse(state.find((x) => x.name === 'new_files')!.cursor!)).toMatchObject({ cursor: '2', lastEvaluatedAt: t0 + 60_000 });
  });

  it('records a throwing sensor as failed and keeps its cursor', async () => {
    const s = sensor({ name: 'flaky', evaluate: () => { throw new Error('bucket unreachable'); } });
    const defs = definitions({ assets: [raw], sensors: [s] });
    const state: AutomationState[] = [{ name: 'flaky', kind: 'sensor', status: 'running', cursor: JSON.stringify({ lastEvaluatedAt: t0 - 60_000, cursor: 'c7' }), updatedAt: 0 }];
    const tick = await evaluateTick({ definitions: defs, snapshot: snap(t0, {}), state, now: t0 });
    expect(tick.sensors[0]).toMatchObject({ status: 'failure', message: 'sensor "flaky" failed: bucket unreachable' });
    expect(JSON.parse(tick.states[0]!.cursor!)).toMatchObject({ cursor: 'c7', lastEvaluatedAt: t0 });
  });

  it('asset sensors fire on new materializations of the watched assets only', async () => {
    const defs = definitions({ assets: [orders, clean], sensors: [assetSensor({ name: 'orders_landed', assets: ['raw/orders'], target: 'clean/orders', intervalSeconds: 1 })] });
    let state: AutomationState[] = [];
    const step = async (now: number, id?: number) => {
      const tick = await evaluateTick({ definitions: defs, snapshot: snap(now, id ? { 'raw/orders': { latest: { '': [id, now - 10] } } } : {}), state, now });
      state = carry(state, tick.states);
      return tick;
    };
    expect((await step(t0, 3)).runRequests).toEqual([]); // starts watching after what exists
    expect((await step(t0 + 30_000, 3)).runRequests).toEqual([]);
    const fired = await step(t0 + 60_000, 8);
    expect(fired.runRequests).toMatchObject([{ assetKeys: ['clean/orders'], partitionKeys: null }]);
    expect(fired.sensors[0]!.message).toBe('1 new materialization(s) of `raw/orders`');
  });

  it('run-status sensors call the handler once per run that ended with the status', async () => {
    const notified: string[] = [];
    const defs = definitions({ assets: [orders], sensors: [runStatusSensor({ name: 'alert', status: 'failure', intervalSeconds: 1, handler: ({ run: r }) => void notified.push(`${r.id}: ${r.error}`) })] });
    let state: AutomationState[] = [];
    const step = async (now: number, runs: RunRecord[]) => {
      const tick = await evaluateTick({ definitions: defs, snapshot: snap(now, {}), state, now, runs });
      state = carry(state, tick.states);
      return tick;
    };
    await step(t0, [run('old', 'failure', t0 - 5000)]);
    await step(t0 + 30_000, [run('old', 'failure', t0 - 5000), run('r1', 'failure', t0 + 10_000), run('ok', 'success', t0 + 11_000)]);
    await step(t0 + 60_000, [run('old', 'failure', t0 - 5000), run('r1', 'failure', t0 + 10_000), run('r2', 'failure', t0 + 10_000)]);
    expect(notified).toEqual(['r1: boom', 'r2: boom']);
  });
});
