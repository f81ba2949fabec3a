import { asset, definitions, type BatonEvent, type BatonStorage } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { planFor } from '../../test/plans';
import { memoryIOManager } from '../io-managers/memory-io-manager';
import { executeStep, type StepEnvironment, type StepExecution } from './execute-step';
import { inProcessExecutor } from './in-process-executor';
import { isThenable } from './is-thenable';
import { partitionProvenance } from './partition-provenance';
import { RunMaterializations } from './run-materializations';
import { assetLookup } from './runner-definitions';

const a = asset({ key: 'a', compute: () => null });
const flaky = asset({ key: 'flaky', retry: { maxAttempts: 2, delayMs: 0 }, compute: (ctx) => {
  if (ctx.attempt === 1) throw new Error('first try fails');
  return 1;
} });

function environment(emitted: BatonEvent[]): StepEnvironment {
  const assets = assetLookup(definitions({ assets: [a, flaky] }));
  const storage = {} as BatonStorage; // nothing here reads storage: inputs are known (none), no pools
  return {
    runId: 'r1', storage, assets, config: {},
    executor: inProcessExecutor({ definitions: assets, ioManagers: { default: memoryIOManager() } }),
    events: { emit: (e) => emitted.push(e), flush: async () => {} },
    provenanceOf: partitionProvenance(storage, assets),
    known: new RunMaterializations(),
    sleep: async () => {},
  };
}

const types = (events: readonly BatonEvent[]) => events.map((e) => e.type);

describe('executeStep', () => {
  it('returns the execution itself when the attempt waited for nothing and nothing was stored; a promise once `settle` stores', async () => {
    const emitted: BatonEvent[] = [];
    const step = planFor([a]).steps[0]!;
    const now = executeStep(environment(emitted), step, new AbortController().signal);
    expect(isThenable(now)).toBe(false);
    expect(types(emitted)).toEqual(['STEP_STARTED']);
    expect(now).toMatchObject({ end: 'success' });
    expect(types((now as StepExecution).events)).toEqual(['MATERIALIZATION', 'STEP_SUCCESS']);

    const stored: string[] = [];
    let store!: () => void;
    const storing = executeStep(environment([]), step, new AbortController().signal, {
      settle: (execution) => new Promise<void>((resolve) => (store = () => {
        stored.push(...types(execution.events));
        resolve();
      })),
    });
    expect(isThenable(storing)).toBe(true);
    let ended = false;
    void (storing as Promise<unknown>).then(() => (ended = true));
    await new Promise((r) => setImmediate(r));
    expect(ended).toBe(false); // not before its events are stored
    store();
    expect(await storing).toMatchObject({ end: 'success' });
    expect(stored).toEqual(['MATERIALIZATION', 'STEP_SUCCESS']);
  });

  it('a retried attempt goes through the retry delay, events in order; a failed store fails the step', async () => {
    const emitted: BatonEvent[] = [];
    const step = planFor([flaky]).steps[0]!;
    const execution = await executeStep(environment(emitted), step, new AbortController().signal);
    expect(types(emitted)).toEqual(['STEP_STARTED', 'STEP_FAILURE', 'LOG', 'STEP_STARTED']);
    expect(execution).toMatchObject({ end: 'success' });

    const failed = await executeStep(environment([]), planFor([a]).steps[0]!, new AbortController().signal, {
      settle: (execution) => (execution.end === 'success' ? Promise.reject(new Error('storage down')) : undefined),
    });
    expect(failed).toMatchObject({ end: 'failure', events: [{ type: 'STEP_FAILURE', error: 'storage down' }] });
  });
});
