import { asset, dailyPartitions, definitions, eager, onCron, onMissing, schedule, type AutomationState } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { at, carry, snap, type AssetFacts } from '../test/fixtures';
import { evaluateTick, type TickResult } from './evaluate-tick';

const reasonsOf = (tick: TickResult, key: string) => tick.evaluations.find((e) => e.assetKey === key)!.groups.map((g) => g.reason);
const requestedKeys = (tick: TickResult) => tick.runRequests.flatMap((r) => r.assetKeys.map((k) => (r.partitionKeys ? `${k}[${r.partitionKeys.join(',')}]` : k))).sort();

/** Runs ticks in sequence, carrying states like the daemon does. */
function ticker(defs: ReturnType<typeof definitions>) {
  let state: AutomationState[] = [];
  return async (now: number, facts: Record<string, AssetFacts>) => {
    const tick = await evaluateTick({ definitions: defs, snapshot: snap(now, facts), state, now });
    state = carry(state, tick.states);
    return tick;
  };
}

describe('declarative conditions', () => {
  it('propagates eager through a chain a → b → c over successive ticks, with reasons', async () => {
    const a = asset({ key: 'a', compute: () => 1 });
    const b = asset({ key: 'b', ins: { a }, compute: () => 1, automation: eager() });
    const c = asset({ key: 'c', ins: { b }, compute: () => 1, automation: eager() });
    const tick = ticker(definitions({ assets: [a, b, c] }));
    const t0 = at('2026-03-02T09:00:00Z');

    const first = await tick(t0, { a: { latest: { '': [1, t0 - 1000] } } });
    expect(requestedKeys(first)).toEqual(['b']);
    expect(reasonsOf(first, 'b')).toEqual(['requested: it has never been materialized']);
    expect(reasonsOf(first, 'c')).toEqual(['not requested: upstream `b` is missing']);
    expect(Object.isFrozen(first.runRequests)).toBe(true);

    const second = await tick(t0 + 30_000, { a: { latest: { '': [1, t0 - 1000] } }, b: { latest: { '': [2, t0 + 20_000] } } });
    expect(requestedKeys(second)).toEqual(['c']);
    expect(reasonsOf(second, 'c')).toEqual(['requested: upstream `b` was updated since the previous tick']);
    expect(reasonsOf(second, 'b')).toEqual(['not requested: it was requested by the previous tick, which handled it']);

    const third = await tick(t0 + 60_000, { a: { latest: { '': [1, t0 - 1000] } }, b: { latest: { '': [2, t0 + 20_000] } }, c: { latest: { '': [3, t0 + 50_000] } } });
    expect(requestedKeys(third)).toEqual([]);
    expect(reasonsOf(third, 'b')).toEqual(['not requested: it is already materialized and no upstream was updated since the previous tick']);

    const fourth = await tick(t0 + 90_000, { a: { latest: { '': [4, t0 + 80_000] } }, b: { latest: { '': [2, t0 + 20_000] } }, c: { latest: { '': [3, t0 + 50_000] } } });
    expect(requestedKeys(fourth)).toEqual(['b']);
    expect(reasonsOf(fourth, 'b')).toEqual(['requested: upstream `a` was updated since the previous tick']);

    // b is running: c waits for it; b itself is not requested again
    const fifth = await tick(t0 + 120_000, { a: { latest: { '': [4, t0 + 80_000] } }, b: { latest: { '': [2, t0 + 20_000] }, inProgress: [''] }, c: { latest: { '': [3, t0 + 50_000] } } });
    expect(requestedKeys(fifth)).toEqual([]);
    expect(reasonsOf(fifth, 'c')).toEqual(['not requested: it is already materialized and no upstream was updated since the previous tick']);
    expect(reasonsOf(fifth, 'b')).toEqual(['not requested: it was requested by the previous tick, which handled it']);
  });

  it('does not retry a failed eager run until an upstream updates again', async () => {
    const a = asset({ key: 'a', compute: () => 1 });
    const b = asset({ key: 'b', ins: { a }, compute: () => 1, automation: eager() });
    const tick = ticker(definitions({ assets: [a, b] }));
    const t0 = at('2026-03-02T09:00:00Z');
    const facts = { a: { latest: { '': [1, t0] as const } }, b: { failed: [''] } };
    expect(requestedKeys(await tick(t0, facts))).toEqual(['b']);
    expect(requestedKeys(await tick(t0 + 30_000, facts))).toEqual([]);
    expect(requestedKeys(await tick(t0 + 60_000, facts))).toEqual([]);
    expect(requestedKeys(await tick(t0 + 90_000, { ...facts, a: { latest: { '': [5, t0 + 80_000] } } }))).toEqual(['b']);
  });

  it('is partition-aware: eager requests the latest partition, names the missing upstream partition', async () => {
    const days = dailyPartitions({ start: '2026-03-01' });
    const raw = asset({ key: 'raw/orders', partitions: days, compute: () => 1 });
    const clean = asset({ key: 'clean/orders', partitions: days, ins: { raw }, compute: () => 1, automation: eager() });
    const tick = ticker(definitions({ assets: [raw, clean] }));
    const now = at('2026-03-06T00:10:00Z'); // partitions 03-01 … 03-05 exist
    const done = (ids: number[]) => Object.fromEntries(ids.map((id, i) => [`2026-03-0${i + 1}`, [id, now - 100_000] as const]));

    const first = await tick(now, { 'raw/orders': { latest: done([1, 2, 3, 4]) }, 'clean/orders': { latest: done([5, 6, 7, 8]) } });
    expect(requestedKeys(first)).toEqual([]);
    const ev = first.evaluations[0]!;
    expect(ev).toMatchObject({ assetKey: 'clean/orders', partitioned: true, total: 5, requestedCount: 0 });
    expect(ev.groups).toEqual([
      { requested: false, reason: 'not requested: it is not the latest time partition (only the latest is automated)', count: 4, ranges: [['2026-03-01', '2026-03-04']] },
      { requested: false, reason: 'not requested: upstream `raw/orders` partition 2026-03-05 is missing', count: 1, ranges: [['2026-03-05', '2026-03-05']] },
    ]);

    const second = await tick(now + 30_000, { 'raw/orders': { latest: done([1, 2, 3, 4, 9]) }, 'clean/orders': { latest: done([5, 6, 7, 8]) } });
    expect(requestedKeys(second)).toEqual(['clean/orders[2026-03-05]']);
    expect(second.evaluations[0]!.groups[1]).toEqual({ requested: true, reason: 'requested: upstream `raw/orders` partition 2026-03-05 was updated since the previous tick', count: 1, ranges: [['2026-03-05', '2026-03-05']] });
  });

  it('onCron waits for every upstream to update after the cron tick, then requests once', async () => {
    const a = asset({ key: 'a', compute: () => 1 });
    const b = asset({ key: 'b', compute: () => 1 });
    const report = asset({ key: 'report', deps: [a, b], compute: () => 1, automation: onCron('0 9 * * *', 'Europe/Berlin') });
    const tick = ticker(definitions({ assets: [a, b, report] }));
    const nine = at('2026-03-02T08:00:00Z'); // 09:00 in Berlin
    const old = nine - 86_400_000;
    const base = { report: { latest: { '': [1, old] as const } } };

    await tick(nine - 300_000, { ...base, a: { latest: { '': [2, old] } }, b: { latest: { '': [3, old] } } });
    const waiting = await tick(nine + 60_000, { ...base, a: { latest: { '': [4, nine + 30_000] } }, b: { latest: { '': [3, old] } } });
    expect(requestedKeys(waiting)).toEqual([]);
    expect(reasonsOf(waiting, 'report')).toEqual(['not requested: waiting for upstream `b`: not updated since the cron tick at 2026-03-02T08:00:00Z']);

    const ready = await tick(nine + 600_000, { ...base, a: { latest: { '': [4, nine + 30_000] } }, b: { latest: { '': [5, nine + 500_000] } } });
    expect(requestedKeys(ready)).toEqual(['report']);
    expect(reasonsOf(ready, 'report')).toEqual(['requested: triggered at an earlier tick and not handled since; every upstream was updated since the cron tick at 2026-03-02T08:00:00Z']);

    const after = await tick(nine + 900_000, { ...base, a: { latest: { '': [4, nine + 30_000] } }, b: { latest: { '': [5, nine + 500_000] } } });
    expect(requestedKeys(after)).toEqual([]);
  });

  it('onMissing requests a missing asset once its upstreams exist, and only once', async () => {
    const up = asset({ key: 'up', compute: () => 1 });
    const dim = asset({ key: 'dim', deps: [up], compute: () => 1, automation: onMissing() });
    const tick = ticker(definitions({ assets: [up, dim] }));
    const t0 = at('2026-03-02T09:00:00Z');
    const blocked = await tick(t0, {});
    expect(reasonsOf(blocked, 'dim')).toEqual(['not requested: upstream `up` is missing']);
    const ok = await tick(t0 + 30_000, { up: { latest: { '': [1, t0 + 10_000] } } });
    expect(requestedKeys(ok)).toEqual(['dim']);
    expect(reasonsOf(ok, 'dim')).toEqual(['requested: triggered at an earlier tick and not handled since; it has never been materialized']);
    const again = await tick(t0 + 60_000, { up: { latest: { '': [1, t0 + 10_000] } }, dim: { failed: [''] } });
    expect(requestedKeys(again)).toEqual([]);
  });

  it('never requests the same asset partition twice in one tick (schedule and condition overlap)', async () => {
    const a = asset({ key: 'a', compute: () => 1, automation: onMissing() });
    const b = asset({ key: 'b', ins: { a }, compute: () => 1 });
    const defs = definitions({ assets: [a, b], schedules: [schedule({ name: 'every_minute', cron: '* * * * *', target: 'a or b', catchUp: 'all' })] });
    const t0 = at('2026-03-02T09:00:30Z');
    const state = carry([], (await evaluateTick({ definitions: defs, snapshot: snap(t0, {}), state: [], now: t0 })).states.filter((s) => s.kind === 'schedule'));
    const tick = await evaluateTick({ definitions: defs, snapshot: snap(t0 + 60_000, {}), state, now: t0 + 60_000 });
    expect(tick.runRequests).toHaveLength(1);
    expect(tick.runRequests[0]).toMatchObject({ source: { kind: 'schedule', name: 'every_minute' }, assetKeys: ['a', 'b'] });
    expect(tick.duplicatesDropped).toBe(1);
  });
});
