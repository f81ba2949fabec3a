import { asset, definitions, type BatonStorage } from '@baton/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRun, planFor } from '../../test/plans';
import { BACKENDS } from '../../test/storages';
import { memoryIOManager } from '../io-managers/memory-io-manager';
import { AttemptSignal, withAttemptSignal } from './attempt-signal';
import { executeRun } from './execute-run';

describe('AttemptSignal', () => {
  it('is made on first read, follows its parent until released, and is read like a plain property', () => {
    const parent = new AbortController();
    const lazy = new AttemptSignal(parent.signal);
    const ctx = withAttemptSignal({ assetKey: 'a' }, lazy);
    expect(Object.keys(ctx)).toEqual(['assetKey', 'signal']);
    const { signal } = ctx;
    expect(signal).toBeInstanceOf(AbortSignal);
    expect({ ...ctx }.signal).toBe(signal);
    parent.abort(new Error('run r was canceled'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('run r was canceled');
  });

  it('after release, follows nothing: made later, it is aborted only if the parent already was', () => {
    const parent = new AbortController();
    const readDuring = new AttemptSignal(parent.signal);
    const early = readDuring.signal;
    readDuring.release();
    const readAfter = new AttemptSignal(parent.signal);
    readAfter.release();
    const late = readAfter.signal;
    parent.abort();
    expect(early.aborted).toBe(false);
    expect(late.aborted).toBe(false);
    const afterAbort = new AttemptSignal(parent.signal);
    afterAbort.release();
    expect(afterAbort.signal.aborted).toBe(true);
  });
});

for (const backend of BACKENDS) describe(`ctx.signal in a run on ${backend.name}`, () => {
  let storage: BatonStorage;
  beforeEach(async () => {
    storage = await backend.open();
  });
  afterEach(() => storage.close());

  it('tells the running step of a cancel, and not a step that already ended', async () => {
    const controller = new AbortController();
    const told: string[] = [];
    const first = asset({ key: 'first', compute: (ctx) => {
      ctx.signal.addEventListener('abort', () => told.push('first'));
      return 1;
    } });
    const second = asset({ key: 'second', ins: { first }, compute: (ctx) => new Promise<number>((_resolve, reject) => {
      ctx.signal.addEventListener('abort', () => {
        told.push('second');
        reject(new Error('stopped'));
      });
      controller.abort();
    }) });
    const defs = definitions({ assets: [first, second] });
    const run = await createRun(storage, planFor(defs.assets));
    const result = await executeRun({ run, definitions: defs, storage, ioManagers: { default: memoryIOManager() }, signal: controller.signal });
    expect(result.status).toBe('canceled');
    expect(told).toEqual(['second']);
  });
});
