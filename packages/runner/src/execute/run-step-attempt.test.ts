import { asset, definitions, type IOManager } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { memoryIOManager } from '../io-managers/memory-io-manager';
import { isThenable } from './is-thenable';
import { createResourceScope } from './resource-scope';
import { runStepAttempt, type AttemptEnvironment } from './run-step-attempt';
import { assetLookup } from './runner-definitions';
import type { StepHooks, StepRequest } from './step-request';

const noop = asset({ key: 'noop', compute: () => null });
const later = asset({ key: 'later', compute: async () => 2 });
const throws = asset({ key: 'throws', compute: () => { throw new Error('broken at once'); } });
const logs = asset({
  key: 'logs',
  compute: (ctx) => {
    ctx.log.info('hello');
    ctx.addMetadata({ rows: 3 });
    return 1;
  },
});

function environment(io: IOManager = memoryIOManager()): AttemptEnvironment {
  return { assets: assetLookup(definitions({ assets: [noop, later, throws, logs] })), ioManagers: { default: io }, resources: createResourceScope() };
}

const request = (key: string): StepRequest => ({ runId: 'r1', stepKey: key, assetKeys: [key], partitionKeys: [], attempt: 1, inputs: [], config: {} });

function hooks(logged: string[] = []): StepHooks {
  return { signal: new AbortController().signal, log: (level, message) => logged.push(`${level}:${message}`) };
}

describe('runStepAttempt', () => {
  it('answers with the outcome itself when nothing in the attempt waits (a function returning a value, an IO manager answering at once)', () => {
    const logged: string[] = [];
    const outcome = runStepAttempt(environment(), request('logs'), hooks(logged));
    expect(isThenable(outcome)).toBe(false);
    expect(outcome).toMatchObject({ ok: true, outputs: [{ assetKey: 'logs', partitionKey: null, metadata: { rows: 3 } }] });
    expect(logged).toEqual(['info:hello']);
    expect(isThenable(runStepAttempt(environment(), request('noop'), hooks()))).toBe(false);
  });

  it('an error thrown at once by the function is a retryable failed outcome, not a throw', () => {
    const outcome = runStepAttempt(environment(), request('throws'), hooks());
    expect(isThenable(outcome)).toBe(false);
    expect(outcome).toMatchObject({ ok: false, retryable: true });
    expect((outcome as { error: string }).error).toMatch(/^broken at once/);
  });

  it('goes on through a promise from the first thing it waits for: an async function, an IO manager writing asynchronously', async () => {
    const async = runStepAttempt(environment(), request('later'), hooks());
    expect(isThenable(async)).toBe(true);
    expect(await async).toMatchObject({ ok: true, outputs: [{ assetKey: 'later' }] });

    const memory = memoryIOManager();
    const slowWrites: IOManager = { ...memory, handleOutput: async (ctx, value) => memory.handleOutput(ctx, value) };
    const slow = runStepAttempt(environment(slowWrites), request('noop'), hooks());
    expect(isThenable(slow)).toBe(true);
    expect(await slow).toMatchObject({ ok: true, outputs: [{ assetKey: 'noop' }] });

    const failingWrites: IOManager = { ...memory, handleOutput: async () => { throw new Error('disk full'); } };
    expect(await runStepAttempt(environment(failingWrites), request('noop'), hooks())).toMatchObject({ ok: false, retryable: true });
  });
});
