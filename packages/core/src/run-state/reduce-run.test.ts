import type { BatonEvent } from '../records/baton-event';
import { describe, expect, it } from 'vitest';
import { initialRunState, reduceRun, replayRun, runEventConflict, RunStateMachine } from './reduce-run';

const r = 'run-1';
const log: BatonEvent[] = [
  { type: 'RUN_STARTING', runId: r, timestamp: 1 },
  { type: 'RUN_STARTED', runId: r, owner: 'me', timestamp: 2 },
  { type: 'STEP_STARTED', runId: r, stepKey: 'a', assetKeys: ['a'], partitionKeys: ['p1', 'p2'], attempt: 1, timestamp: 3 },
  { type: 'STEP_FAILURE', runId: r, stepKey: 'a', error: 'flaky', attempt: 1, willRetry: true, timestamp: 4 },
  { type: 'STEP_STARTED', runId: r, stepKey: 'a', assetKeys: ['a'], partitionKeys: ['p1', 'p2'], attempt: 2, timestamp: 5 },
  { type: 'MATERIALIZATION', runId: r, stepKey: 'a', assetKey: 'a', partitionKey: 'p1', dataVersion: 'd', codeVersion: 'c', metadata: {}, provenance: [], timestamp: 6 },
  { type: 'STEP_FAILURE', runId: r, stepKey: 'a', error: 'no p2', attempt: 2, willRetry: false, partitionKeys: ['p2'], timestamp: 7 },
  { type: 'STEP_SKIPPED', runId: r, stepKey: 'b', reason: 'upstream step a failed', timestamp: 7 },
  { type: 'LOG', runId: 'other-run', level: 'info', message: 'ignored', timestamp: 7 },
  { type: 'RUN_FAILURE', runId: r, error: '1 step failed', timestamp: 8 },
];

describe('reduceRun', () => {
  it('folds the event log into run and step state', () => {
    const states = log.reduce<ReturnType<typeof initialRunState>[]>((acc, e) => [...acc, reduceRun(acc.at(-1) ?? initialRunState(r), e)], []);
    expect(states[1]!.status).toBe('running');
    expect(states[1]!.owner).toBe('me');
    expect(states[3]!.steps.get('a')).toMatchObject({ status: 'running', retrying: true, attempt: 1, error: 'flaky' });
    const final = states.at(-1)!;
    expect(final.status).toBe('failure');
    expect(final.error).toBe('1 step failed');
    expect(final.steps.get('a')).toMatchObject({ status: 'failure', attempt: 2, failedPartitions: ['p2'], materialized: ['a\u0000p1'], startedAt: 3, endedAt: 7 });
    expect(final.steps.get('b')!.status).toBe('skipped');
  });

  it('is pure: earlier states are not changed', () => {
    const s0 = initialRunState(r);
    const s1 = reduceRun(s0, log[2]!);
    expect(s0.steps.size).toBe(0);
    expect(s1.steps.size).toBe(1);
    expect(reduceRun(s1, log[8]!)).toBe(s1); // another run's event
  });

  it('replayRun equals folding reduceRun', () => {
    const folded = log.reduce(reduceRun, initialRunState(r));
    expect(replayRun(r, log)).toEqual(folded);
  });

  it('marks skipped steps of a canceling run as canceled', () => {
    const s = replayRun(r, [
      { type: 'RUN_STARTED', runId: r, owner: 'me', timestamp: 1 },
      { type: 'RUN_CANCELING', runId: r, timestamp: 2 },
      { type: 'STEP_SKIPPED', runId: r, stepKey: 'x', reason: 'run canceled', timestamp: 3 },
      { type: 'RUN_CANCELED', runId: r, timestamp: 4 },
    ]);
    expect(s.status).toBe('canceled');
    expect(s.steps.get('x')!.status).toBe('canceled');
  });
});

describe('run transitions', () => {
  const at = (type: 'RUN_STARTING' | 'RUN_CANCELING' | 'RUN_SUCCESS' | 'RUN_CANCELED', timestamp: number): BatonEvent => ({ type, runId: r, timestamp });
  const started = (timestamp: number, owner = 'me'): BatonEvent => ({ type: 'RUN_STARTED', runId: r, owner, timestamp });

  it('a cancel written between the claim and the first RUN_STARTED is kept', () => {
    expect(replayRun(r, [at('RUN_STARTING', 1), at('RUN_CANCELING', 2), started(3)]).status).toBe('canceling');
  });

  it('keeps the first start: a second RUN_STARTED (recovery, another attempt) does not move startedAt', () => {
    const s = replayRun(r, [started(1, 'a'), started(5, 'b')]);
    expect(s).toMatchObject({ startedAt: 1, owner: 'b', status: 'running' });
  });

  it('the first end wins: later run events change nothing', () => {
    const s = replayRun(r, [started(1), at('RUN_CANCELED', 2), at('RUN_SUCCESS', 3), started(4, 'late'), at('RUN_CANCELING', 5)]);
    expect(s).toMatchObject({ status: 'canceled', endedAt: 2, owner: 'me' });
  });

  it('a failed or canceled run ends its open steps; a step that ended keeps its status', () => {
    const s = replayRun(r, [
      started(1),
      { type: 'STEP_STARTED', runId: r, stepKey: 'a', assetKeys: ['a'], partitionKeys: [], attempt: 1, timestamp: 2 },
      { type: 'STEP_STARTED', runId: r, stepKey: 'b', assetKeys: ['b'], partitionKeys: [], attempt: 1, timestamp: 2 },
      { type: 'STEP_SUCCESS', runId: r, stepKey: 'b', durationMs: 1, timestamp: 3 },
      at('RUN_CANCELED', 4),
    ]);
    expect(s.steps.get('a')).toMatchObject({ status: 'canceled', endedAt: 4 });
    expect(s.steps.get('b')).toMatchObject({ status: 'success', endedAt: 3 });
  });

  it('a step keeps its first attempt start across retries', () => {
    const s = replayRun(r, log.slice(0, 5));
    expect(s.steps.get('a')).toMatchObject({ startedAt: 3, attempt: 2, status: 'running', retrying: false });
  });

  it('RunStateMachine can start from a stored state', () => {
    const from = replayRun(r, [at('RUN_STARTING', 1), at('RUN_CANCELING', 2)]);
    const machine = new RunStateMachine(r, from);
    machine.apply(started(3));
    expect(machine.state.status).toBe('canceling');
    expect(from.status).toBe('canceling');
  });
});

describe('a claimed run that never started goes back to the queue (RUN_REQUEUED)', () => {
  const claim = (owner: string, timestamp: number): BatonEvent => ({ type: 'RUN_STARTING', runId: r, owner, timestamp });
  const requeue = (owner: string | null, timestamp: number): BatonEvent => ({ type: 'RUN_REQUEUED', runId: r, owner, reason: 'its claimer stopped heartbeating', timestamp });
  const start = (owner: string, timestamp: number, claimedBy?: string): BatonEvent => ({ type: 'RUN_STARTED', runId: r, owner, ...(claimedBy ? { claimedBy } : {}), timestamp });

  it('a claim records its owner; a requeue of a starting run makes it queued and unowned; another process claims and runs it', () => {
    expect(replayRun(r, [claim('a', 1)])).toMatchObject({ status: 'starting', owner: 'a' });
    expect(replayRun(r, [claim('a', 1), requeue('a', 2)])).toMatchObject({ status: 'queued', owner: null, startedAt: null });
    expect(replayRun(r, [claim('a', 1), requeue('a', 2), claim('b', 3), start('b', 4, 'b')])).toMatchObject({ status: 'running', owner: 'b', startedAt: 4 });
  });

  it('changes nothing once the run started, was canceled or ended', () => {
    for (const before of [[claim('a', 1), start('a', 2, 'a')], [claim('a', 1), { type: 'RUN_CANCELING', runId: r, timestamp: 2 } as BatonEvent], [{ type: 'RUN_CANCELED', runId: r, timestamp: 1 } as BatonEvent]]) {
      expect(replayRun(r, [...before, requeue('a', 3)])).toEqual(replayRun(r, before));
    }
  });

  it('runEventConflict refuses a requeue of a run that is not starting under that claim, and a start under a claim the run no longer has', () => {
    const starting = replayRun(r, [claim('a', 1)]);
    expect(runEventConflict(starting, requeue('a', 2))).toBeNull();
    expect(runEventConflict(starting, requeue('b', 2))).toMatch(/claimed by a/);
    expect(runEventConflict(replayRun(r, [claim('a', 1), start('a', 2, 'a')]), requeue('a', 3))).toMatch(/running/);
    // the slow original claimer, after the requeue and after another claim
    const requeued = replayRun(r, [claim('a', 1), requeue('a', 2)]);
    expect(runEventConflict(requeued, start('a', 3, 'a'))).toMatch(/queued/);
    expect(runEventConflict(replayRun(r, [claim('a', 1), requeue('a', 2), claim('b', 3)]), start('a', 4, 'a'))).toMatch(/claimed by b/);
    expect(runEventConflict(starting, start('a', 2, 'a'))).toBeNull();
    // a cancel between the claim and the start: it still starts (and is canceled by its executor)
    expect(runEventConflict(replayRun(r, [claim('a', 1), { type: 'RUN_CANCELING', runId: r, timestamp: 2 }]), start('a', 3, 'a'))).toBeNull();
    expect(runEventConflict(replayRun(r, [claim('a', 1), { type: 'RUN_CANCELED', runId: r, timestamp: 2 }]), start('a', 3, 'a'))).toBeNull();
    // recovery failed it meanwhile (too many requeues): no start
    expect(runEventConflict(replayRun(r, [claim('a', 1), { type: 'RUN_FAILURE', runId: r, error: 'x', timestamp: 2 }]), start('a', 3, 'a'))).toMatch(/failure/);
    // a start that names no claim is not fenced (a run started without a claim, as tests and old logs do)
    expect(runEventConflict(requeued, start('a', 3))).toBeNull();
  });
});
