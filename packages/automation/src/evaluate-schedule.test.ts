import { asset, dailyPartitions, hourlyPartitions, definitions, schedule, type AutomationState, type CatchUpPolicy } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { at, carry, snap } from '../test/fixtures';
import { evaluateTick } from './evaluate-tick';

const a = asset({ key: 'a', compute: () => 1 });
const h = asset({ key: 'h', partitions: hourlyPartitions({ start: '2026-03-01-00:00' }), compute: () => 1 });

/** Steps a fake clock from `from` to `to` every `stepMs`, ticking like the daemon; returns the fired ticks (ISO). */
async function fires(cron: string, timezone: string, from: number, to: number, stepMs: number, catchUp: CatchUpPolicy = 'last', target = 'a') {
  const defs = definitions({ assets: [a, h], schedules: [schedule({ name: 's', cron, timezone, target, catchUp })] });
  let state: AutomationState[] = [];
  const out: string[] = [];
  for (let now = from; now <= to; now += stepMs) {
    const tick = await evaluateTick({ definitions: defs, snapshot: snap(now, {}), state, now });
    state = carry(state, tick.states);
    for (const r of tick.runRequests) out.push(r.partitionKeys ? `${r.tags['baton/tick']} ${r.partitionKeys.join(',')}` : r.tags['baton/tick']!);
  }
  return out;
}

describe('schedules', () => {
  it('fires a time skipped by the spring DST change once, at the first valid instant (New York)', async () => {
    const out = await fires('30 2 * * *', 'America/New_York', at('2026-03-07T00:00:00Z'), at('2026-03-09T12:00:00Z'), 10 * 60_000);
    expect(out).toEqual(['2026-03-07T07:30:00Z', '2026-03-08T07:00:00Z', '2026-03-09T06:30:00Z']);
  });

  it('fires a time repeated by the autumn DST change once, at the later occurrence (New York and Berlin)', async () => {
    expect(await fires('30 1 * * *', 'America/New_York', at('2026-10-31T00:00:00Z'), at('2026-11-02T12:00:00Z'), 10 * 60_000)).toEqual([
      '2026-10-31T05:30:00Z',
      '2026-11-01T06:30:00Z',
      '2026-11-02T06:30:00Z',
    ]);
    // Berlin 2026-10-25: 02:30 CEST (00:30Z) is skipped, 02:30 CET (01:30Z), the repeat, fires
    expect(await fires('30 2 * * *', 'Europe/Berlin', at('2026-10-24T12:00:00Z'), at('2026-10-26T12:00:00Z'), 5 * 60_000)).toEqual(['2026-10-25T01:30:00Z', '2026-10-26T01:30:00Z']);
  });

  it('handles ticks missed during downtime by the catch-up policy', async () => {
    // started at 09:00:30, then down until 14:10:30: hourly ticks 10:00 … 14:00 were missed
    const start = at('2026-03-02T09:00:30Z');
    const back = at('2026-03-02T14:10:30Z');
    const run = (policy: CatchUpPolicy, target = 'h') => fires('0 * * * *', 'UTC', start, back, back - start, policy, target);
    expect(await run('none')).toEqual([]);
    expect(await run('last')).toEqual(['2026-03-02T14:00:00Z 2026-03-02-13:00']);
    expect(await run('all')).toEqual([
      '2026-03-02T10:00:00Z 2026-03-02-09:00',
      '2026-03-02T11:00:00Z 2026-03-02-10:00',
      '2026-03-02T12:00:00Z 2026-03-02-11:00',
      '2026-03-02T13:00:00Z 2026-03-02-12:00',
      '2026-03-02T14:00:00Z 2026-03-02-13:00',
    ]);
    // an unpartitioned target is requested once per daemon tick however many ticks were missed
    expect(await run('all', 'a')).toEqual(['2026-03-02T10:00:00Z']);
    // a tick that is on time fires under 'none' as well
    expect(await fires('0 * * * *', 'UTC', at('2026-03-02T09:59:30Z'), at('2026-03-02T10:00:30Z'), 60_000, 'none')).toEqual(['2026-03-02T10:00:00Z']);
  });

  it('requests the partition of the tick window (the last complete window) for partitioned targets', async () => {
    const days = dailyPartitions({ start: '2026-03-01' });
    const p = asset({ key: 'p', partitions: days, compute: () => 1 });
    const defs = definitions({ assets: [p, a], schedules: [schedule({ name: 'nightly', cron: '0 1 * * *', target: 'p or a', catchUp: 'all' })] });
    const t0 = at('2026-03-04T23:00:00Z');
    const first = await evaluateTick({ definitions: defs, snapshot: snap(t0, {}), state: [], now: t0 });
    const now = at('2026-03-06T01:05:00Z');
    const tick = await evaluateTick({ definitions: defs, snapshot: snap(now, {}), state: first.states, now });
    expect(tick.runRequests.map((r) => [r.tags['baton/tick'], r.assetKeys, r.partitionKeys])).toEqual([
      ['2026-03-05T01:00:00Z', ['a'], null],
      ['2026-03-05T01:00:00Z', ['p'], ['2026-03-04']],
      ['2026-03-06T01:00:00Z', ['p'], ['2026-03-05']],
      // `a` again would request the same (unpartitioned) asset twice in one tick: dropped
    ]);
    expect(tick.duplicatesDropped).toBe(1);
    expect(tick.schedules[0]!.message).toBe('ticked at 2026-03-05T01:00:00Z, 2026-03-06T01:00:00Z');
  });

  it('skips a stopped schedule', async () => {
    const defs = definitions({ assets: [a], schedules: [schedule({ name: 's', cron: '* * * * *', target: 'a' })] });
    const now = at('2026-03-02T09:00:30Z');
    const tick = await evaluateTick({ definitions: defs, snapshot: snap(now, {}), state: [{ name: 's', kind: 'schedule', status: 'stopped', cursor: JSON.stringify({ handledUpTo: now - 600_000 }), updatedAt: 0 }], now });
    expect(tick.schedules).toEqual([]);
    expect(tick.runRequests).toEqual([]);
  });
});
