import { asset, definitions, staticPartitions, type BatonStorage } from '@baton/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRun, planFor } from '../../test/plans';
import { BACKENDS } from '../../test/storages';
import { executeRun } from '../execute/execute-run';
import { memoryIOManager } from '../io-managers/memory-io-manager';
import { reexecuteFromFailure, remainingPlan } from './reexecute-from-failure';

const keys = Array.from({ length: 8 }, (_, i) => `p${i}`);
const parts = staticPartitions(keys);

describe('remainingPlan', () => {
  const daily = asset({ key: 'daily', partitions: parts, compute: (ctx) => ctx.partitionKey });
  const total = asset({ key: 'total', deps: [daily], compute: () => 1 });
  const plan = planFor([daily, total], keys);

  it('without what the run left done, keeps every partition of a failed step', () => {
    expect(remainingPlan(plan, new Set()).steps.map((s) => s.partitionKeys)).toEqual([keys, []]);
  });

  it('narrows a failed step to the partitions not materialized or named by its STEP_FAILURE', () => {
    const materialized = new Set(keys.filter((k) => k !== 'p2' && k !== 'p5').map((k) => `daily\u0000${k}`));
    const rest = remainingPlan(plan, new Set(), { materialized, failedPartitions: new Map([[plan.steps[0]!.key, new Set(['p2', 'p7'])]]) });
    expect(rest.steps[0]!.partitionKeys).toEqual(['p2', 'p5', 'p7']);
    expect(rest.steps[0]!.key).toBe(plan.steps[0]!.key); // dependents still find it
    expect(rest.steps[1]!.dependsOn).toEqual([plan.steps[0]!.key]);
  });
});

for (const backend of BACKENDS) {
  describe(`reexecuteFromFailure on ${backend.name}`, () => {
    let storage: BatonStorage;
    beforeEach(async () => {
      storage = await backend.open();
    });
    afterEach(async () => {
      await storage.close();
    });

    it('re-runs only the failed partitions of a step over several partitions, then what depends on it', async () => {
      const calls: string[] = [];
      const failing = new Set(['p3', 'p6']);
      const daily = asset({ key: 'daily', partitions: parts, compute: (ctx) => {
        calls.push(ctx.partitionKey!);
        if (failing.has(ctx.partitionKey!)) throw new Error(`bad ${ctx.partitionKey}`);
        return ctx.partitionKey;
      } });
      const defs = definitions({ assets: [daily] });
      const io = memoryIOManager();
      const run = await createRun(storage, planFor([daily], keys));
      expect((await executeRun({ run, definitions: defs, storage, ioManagers: { default: io } })).status).toBe('failure');
      expect([...calls].sort()).toEqual(keys);
      failing.clear();
      calls.length = 0;
      const retry = await reexecuteFromFailure(storage, run.id);
      expect(retry.plan).toMatchObject({ steps: [{ partitionKeys: ['p3', 'p6'] }] });
      expect((await executeRun({ run: retry, definitions: defs, storage, ioManagers: { default: io } })).status).toBe('success');
      expect(calls.sort()).toEqual(['p3', 'p6']);
      const status = await storage.partitionStatus('daily');
      expect(new Set(status.states)).toEqual(new Set(['materialized']));
    });
  });
}
