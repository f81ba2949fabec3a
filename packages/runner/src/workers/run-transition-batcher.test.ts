import { countEndedSteps } from '@baton/core';
import type { BatonEvent, DecideRunTransition, RunRecord, RunStepsView, RunTransition, StepRecord, TransactionalEnqueue } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { applyRunEvents, RunTransitionBatcher } from './run-transition-batcher';

const run = (status: RunRecord['status'] = 'running'): RunRecord => ({
  id: 'r1', status, assetKeys: [], partition: { kind: 'none' }, tags: {}, backfillId: null, parentRunId: null, priority: 0, plan: null,
  createdAt: 0, startedAt: 0, endedAt: null, heartbeatAt: 0, owner: null, error: null,
});
/** The batcher only passes the queue through to the transition. */
const queue: TransactionalEnqueue = { dialect: 'postgres', enqueue: async () => {} };
const success = (stepKey: string): BatonEvent => ({ type: 'STEP_SUCCESS', runId: 'r1', stepKey, durationMs: 1, timestamp: 5 });

/** A transitionRun stand-in: one "transaction" at a time per run, over stored steps it updates on commit. */
function fakeStorage(options: { failTransaction?: number } = {}) {
  let stored: { run: RunRecord | undefined; steps: readonly StepRecord[] } = { run: run(), steps: [] };
  const transactions: BatonEvent[][] = [];
  /** The steps each transaction read: a scope, or 'every' (asked for none, or its decision asked for them). */
  const reads: (readonly string[] | 'every')[] = [];
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  const transition = async (_runId: string, decide: DecideRunTransition, _queue: TransactionalEnqueue, scope?: readonly string[]) => {
    await gate;
    const full: RunStepsView = { partial: false, ...countEndedSteps(stored.steps) };
    let decided = scope ? decide(stored.run, stored.steps.filter((s) => scope.includes(s.stepKey)), { ...full, partial: true }) : null;
    reads.push(decided === null ? 'every' : scope!);
    decided ??= decide(stored.run, stored.steps, full);
    if (decided === null) throw new Error('asked for every step twice');
    await new Promise((r) => setTimeout(r, 5)); // the commit's round trips
    if (options.failTransaction === transactions.length) {
      transactions.push([]);
      throw new Error('connection lost');
    }
    transactions.push([...decided.events]);
    stored = applyRunEvents(stored.run, stored.steps, decided.events);
    return decided;
  };
  return {
    transition,
    transactions,
    reads,
    stored: () => stored,
    hold: () => (gate = new Promise<void>((r) => (release = r))),
    release: () => release?.(),
  };
}

/** Ends `stepKey`; the run succeeds when every step in `all` has ended (what decideStepEnd does). */
const endStep = (stepKey: string, all: readonly string[]) => (r: RunRecord | undefined, steps: readonly StepRecord[]): RunTransition => {
  if (!r || r.status !== 'running') return { events: [], jobs: [] };
  if (steps.some((s) => s.stepKey === stepKey && s.status === 'success')) return { events: [], jobs: [] };
  const done = new Set(steps.filter((s) => s.status === 'success').map((s) => s.stepKey)).add(stepKey);
  const events: BatonEvent[] = [success(stepKey)];
  if (all.every((k) => done.has(k))) events.push({ type: 'RUN_SUCCESS', runId: 'r1', timestamp: 6 });
  return { events, jobs: [] };
};

describe('RunTransitionBatcher', () => {
  it('starts an idle run at once, then commits what queued behind it in one transaction, each seeing the ones before', async () => {
    const store = fakeStorage();
    const batcher = new RunTransitionBatcher(store.transition, queue);
    const all = ['a', 'b', 'c', 'd'];
    const results = await Promise.all(all.map((k) => batcher.submit('r1', endStep(k, all))));
    expect(store.transactions.map((t) => t.length)).toEqual([1, 4]); // a alone; b, c, d and the run end together
    expect(results.map((r) => r.events.map((e) => e.type))).toEqual([['STEP_SUCCESS'], ['STEP_SUCCESS'], ['STEP_SUCCESS'], ['STEP_SUCCESS', 'RUN_SUCCESS']]);
    expect(store.stored().run?.status).toBe('success');
    // a duplicate after the batch records nothing: it reads what the batch stored
    expect(await batcher.submit('r1', endStep('b', all))).toEqual({ events: [], jobs: [] });
  });

  it('a decide that throws fails only its caller; a failed transaction fails everyone in it and nothing is stored', async () => {
    const store = fakeStorage({ failTransaction: 1 });
    const batcher = new RunTransitionBatcher(store.transition, queue);
    const all = ['a', 'b', 'c'];
    const first = batcher.submit('r1', endStep('a', all));
    const bad = batcher.submit('r1', () => {
      throw new Error('bad plan');
    });
    const lost = [batcher.submit('r1', endStep('b', all)), batcher.submit('r1', endStep('c', all))];
    await expect(first).resolves.toMatchObject({ events: [{ stepKey: 'a' }] });
    await expect(bad).rejects.toThrow('connection lost'); // its batch failed as a whole
    for (const p of lost) await expect(p).rejects.toThrow('connection lost');
    expect(store.stored().steps.map((s) => s.stepKey)).toEqual(['a']);

    const again = fakeStorage();
    const b2 = new RunTransitionBatcher(again.transition, queue);
    again.hold();
    const ok1 = b2.submit('r1', endStep('a', all));
    const thrower = b2.submit('r1', () => {
      throw new Error('bad plan');
    });
    const ok2 = b2.submit('r1', endStep('b', all));
    again.release();
    await expect(ok1).resolves.toMatchObject({ events: [{ stepKey: 'a' }] });
    await expect(thrower).rejects.toThrow('bad plan');
    await expect(ok2).resolves.toMatchObject({ events: [{ stepKey: 'b' }] });
    expect(again.stored().steps.map((s) => [s.stepKey, s.status])).toEqual([['a', 'success'], ['b', 'success']]);
  });

  it('reads the steps its callers named (every step when one named none), and every step when a decision asks', async () => {
    const store = fakeStorage();
    const batcher = new RunTransitionBatcher(store.transition, queue);
    const all = ['a', 'b', 'c', 'd'];
    store.hold();
    const first = batcher.submit('r1', endStep('a', all), ['a']);
    const named = [batcher.submit('r1', endStep('b', all), ['b', 'a']), batcher.submit('r1', endStep('c', all), ['c'])];
    store.release();
    await Promise.all([first, ...named]);
    expect(store.reads).toEqual([['a'], ['b', 'a', 'c']]);
    await batcher.submit('r1', endStep('d', all));
    expect(store.reads.at(-1)).toBe('every');
    expect(store.stored().run?.status).toBe('success');

    // a decision that needs every step: the whole batch decides again from all of them, each once in the outcome
    const again = fakeStorage();
    const b2 = new RunTransitionBatcher(again.transition, queue);
    const views: boolean[] = [];
    const picky = (stepKey: string) => (r: RunRecord | undefined, steps: readonly StepRecord[], view: RunStepsView) => {
      views.push(view.partial);
      return view.partial && stepKey === 'y' ? null : endStep(stepKey, ['x', 'y'])(r, steps);
    };
    again.hold();
    const x0 = b2.submit('r1', picky('x'), ['x']);
    const pair = [b2.submit('r1', picky('x'), ['x']), b2.submit('r1', picky('y'), ['y'])];
    again.release();
    await x0;
    const [dupX, y] = await Promise.all(pair);
    expect(dupX).toEqual({ events: [], jobs: [] }); // x had ended: seen from the batch's full read too
    expect(y!.events.map((e) => e.type)).toEqual(['STEP_SUCCESS', 'RUN_SUCCESS']);
    expect(views).toEqual([true, true, true, false, false]);
    expect(again.reads).toEqual([['x'], 'every']);
    expect(again.transactions.map((t) => t.length)).toEqual([1, 2]);
  });

  it('keeps runs apart: a busy run does not hold up another', async () => {
    const store = fakeStorage();
    const batcher = new RunTransitionBatcher(store.transition, queue);
    const seen: string[] = [];
    const t = (id: string) => batcher.submit(id, () => (seen.push(id), { events: [], jobs: [] }));
    await Promise.all([t('r1'), t('r2'), t('r1')]);
    expect(seen).toEqual(['r1', 'r2', 'r1']);
    expect(store.transactions).toHaveLength(3);
  });
});

describe('applyRunEvents', () => {
  it('moves step and run statuses as storage would, adding steps it had not seen', () => {
    const steps: StepRecord[] = [{ runId: 'r1', stepKey: 'a', assetKeys: ['a'], partitionKeys: [], status: 'running', attempt: 1, startedAt: 1, endedAt: null, error: null }];
    const next = applyRunEvents(run(), steps, [
      { type: 'STEP_FAILURE', runId: 'r1', stepKey: 'a', error: 'boom', attempt: 1, willRetry: true, timestamp: 2 },
      { type: 'STEP_STARTED', runId: 'r1', stepKey: 'a', assetKeys: ['a'], partitionKeys: [], attempt: 2, timestamp: 3 },
      { type: 'STEP_FAILURE', runId: 'r1', stepKey: 'a', error: 'boom again', attempt: 2, willRetry: false, timestamp: 4 },
      { type: 'STEP_SKIPPED', runId: 'r1', stepKey: 'b', reason: 'upstream step a failed', timestamp: 4 },
      { type: 'RUN_FAILURE', runId: 'r1', error: '1 step(s) failed: a', timestamp: 5 },
    ]);
    expect(next.steps.map((s) => [s.stepKey, s.status, s.attempt, s.error])).toEqual([['a', 'failure', 2, 'boom again'], ['b', 'skipped', 0, null]]);
    expect(next.run).toMatchObject({ status: 'failure', endedAt: 5, error: '1 step(s) failed: a' });
    expect(steps[0]!.status).toBe('running'); // inputs are not changed
  });

  it('keeps the terminal and failed counts of a view as steps end', () => {
    const steps: StepRecord[] = [{ runId: 'r1', stepKey: 'a', assetKeys: ['a'], partitionKeys: [], status: 'running', attempt: 1, startedAt: 1, endedAt: null, error: null }];
    const next = applyRunEvents(run(), steps, [
      { type: 'STEP_SUCCESS', runId: 'r1', stepKey: 'a', durationMs: 1, timestamp: 2 },
      { type: 'STEP_FAILURE', runId: 'r1', stepKey: 'b', error: 'boom', attempt: 1, willRetry: false, timestamp: 3 },
      { type: 'STEP_FAILURE', runId: 'r1', stepKey: 'c', error: 'boom', attempt: 1, willRetry: true, timestamp: 3 },
    ], { partial: true, terminal: 10, failed: 2 });
    expect(next.view).toEqual({ partial: true, terminal: 12, failed: 3 });
    expect(applyRunEvents(run(), next.steps, []).view).toEqual({ partial: false, terminal: 2, failed: 1 });
  });
});
