import { asset, definitions, hourlyPartitions } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { planToJSON } from '../plan/plan-json';
import { planBackfill, planBackfillWork } from './plan-backfill';
import { runPlanWork } from './plan-work';

const hours = hourlyPartitions({ start: '2025-01-01-00:00', end: '2025-03-01-00:00' });
const a = asset({ key: 'a', partitions: hours, compute: () => 1 });
const b = asset({ key: 'b', partitions: hours, ins: { a }, compute: () => 1 });
const defs = definitions({ assets: [a, b] });
const snapshot = { now: Date.parse('2025-03-01T00:00:00Z'), assets: new Map(), dynamicPartitions: new Map() };

describe('plans in slices', () => {
  it('gives the plan the synchronous planner gives, pausing between slices', async () => {
    let pauses = 0;
    const plan = await runPlanWork(planBackfillWork(defs, snapshot, { selection: ['a', 'b'] }), { pause: () => void pauses++, sliceMs: 0 });
    expect(planToJSON(plan)).toEqual(planToJSON(planBackfill(defs, snapshot, { selection: ['a', 'b'] })));
    expect(pauses).toBeGreaterThan(2); // 1,416 runs: yields every 512 runs in each pass
  });

  it('stops mid-way when a pause throws, and closes the work', async () => {
    const work = planBackfillWork(defs, snapshot, { selection: ['a', 'b'] });
    let pauses = 0;
    await expect(runPlanWork(work, { pause: () => { if (++pauses === 2) throw new Error('budget spent'); }, sliceMs: 0 })).rejects.toThrow('budget spent');
    expect(pauses).toBe(2);
    expect(work.next()).toEqual({ done: true, value: undefined });
  });
});
