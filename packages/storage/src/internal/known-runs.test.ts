import { eventFactory } from '@baton/storage/testing';
import { describe, expect, it } from 'vitest';
import { KnownRuns } from './known-runs';
import { planEventWrite } from './plan-event-write';
import type { StepsTable } from './schema';
import { storedRunsOf, toRead, type StoredRunRow } from './stored-run-state';

const run: StoredRunRow = { id: 'r1', status: 'queued', started_at: null, ended_at: null, owner: null, error: null };

/** Folds `events` from the given stored rows and remembers the result, as an append does after its commit. */
function append(known: KnownRuns, events: Parameters<typeof planEventWrite>[0], runRows: StoredRunRow[], stepRows: StepsTable[]) {
  const reads = toRead(events);
  const write = planEventWrite(events, storedRunsOf(reads.runIds, runRows, stepRows, undefined));
  known.remember(reads, runRows, stepRows, write);
  return reads;
}

describe('KnownRuns', () => {
  it('guesses nothing for a run it never wrote, nor when every step of a run must be read', () => {
    const known = new KnownRuns();
    const e = eventFactory('r1');
    expect(known.guess(toRead([e.runStarted('me')]))).toBeUndefined();
    append(known, [e.runStarted('me')], [run], []);
    expect(known.guess(toRead([e.runFailed('x')]))).toBeUndefined();
  });

  it('guesses the rows its last write left: the run as folded, its steps, and steps it never saw as absent', () => {
    const known = new KnownRuns();
    const e = eventFactory('r1', 1_000);
    append(known, [e.runStarted('me'), e.stepStarted('a', ['a'])], [run], []);
    const guess = known.guess(toRead([e.stepSuccess('a', 3), e.stepStarted('b', ['b'])]))!;
    expect(guess.runRows).toEqual([{ id: 'r1', status: 'running', started_at: 1_000, ended_at: null, owner: 'me', error: null }]);
    expect(guess.stepRows).toEqual([expect.objectContaining({ run_id: 'r1', step_key: 'a', status: 'running', attempt: 1, started_at: 1_001 })]);
    expect(guess.absentSteps).toEqual([['r1', 'b']]);
    expect(guess.stored.states.get('r1')?.steps.get('a')?.status).toBe('running');
  });

  it('forgets runs, and keeps only the runs written last', () => {
    const known = new KnownRuns(2);
    for (const id of ['r1', 'r2', 'r3']) append(known, [eventFactory(id).runStarted('me')], [{ ...run, id }], []);
    expect(known.guess(toRead([eventFactory('r1').log('x'), eventFactory('r1').runEnded('RUN_SUCCESS')]))).toBeUndefined();
    expect(known.guess(toRead([eventFactory('r3').runEnded('RUN_SUCCESS')]))).toBeDefined();
    known.forget(['r3']);
    expect(known.guess(toRead([eventFactory('r3').runEnded('RUN_SUCCESS')]))).toBeUndefined();
  });
});
