import type { RunState, StepState } from '@baton/core';
import type { RunReads } from './known-runs';
import { stepId, storedRuns } from './stored-run-state';
import type { StoredRuns } from './stored-run-state';

/**
 * Where the stored data of one SQLite connection's database stands: the event log's largest seq, the rows
 * this connection changed since it opened (`total_changes()`), and `data_version` (it moves when another
 * connection commits). Nothing was written since a version was read, by anyone, while it still reads the same.
 */
export interface LogVersion {
  readonly seq: number;
  readonly changes: number;
  readonly dataVersion: number;
}

interface FoldedRun {
  /** The run's columns as folded (its `steps` are not used: see `steps`). */
  state: RunState;
  /** Every stored step of the run is in `steps` or `dropped` (it was created by this connection, or read whole). */
  complete: boolean;
  /** The stored steps known (in no useful order: past MAX_STEPS_PER_RUN all are dropped at once), with their `duration_ms`. */
  readonly steps: Map<string, StepState>;
  /** Stored steps no longer kept in `steps` (a run of more than MAX_STEPS_PER_RUN): read again when a batch touches one. */
  readonly dropped: Set<string>;
  readonly durations: Map<string, number | null>;
}

/**
 * Steps kept per run; past this they are all dropped at once, their keys kept (`dropped`), so a new step is still
 * known absent. Dropping the oldest one by one cost O(steps) per append (a Map's iterator skips its deleted
 * entries): 7-10 % of a 100-event append once past 4,096 steps.
 */
const MAX_STEPS_PER_RUN = 4_096;
/** Keys of dropped steps kept per run; past this the run is no longer known whole. */
const MAX_DROPPED_PER_RUN = 1_000_000;

/**
 * The run and step state the last append of one SQLite connection folded and wrote (`planEventWrite`'s
 * `after`), so the next append folds its batch from it instead of reading it back — valid only while
 * nothing else wrote: `begin` compares the log version read at an append's start (in its write
 * transaction) with the one `remember` recorded right after the last append's writes (its seq included). A write by this
 * connection through another path (a claim, `createRuns`) moves `changes`, a commit by another connection
 * `dataVersion`, and a rollback of the append that was remembered takes the log back below its `seq`:
 * then everything is forgotten and read again. Bounded: the `max` runs written last.
 *
 * @example
 * folded.begin(cap.logVersion());
 * const stored = folded.stored(reads) ?? (await readStoredRuns(trx, cap, events));
 * const write = planEventWrite(events, stored); // then write its rows, and:
 * folded.remember(write.after, stored.whole, { seq: base + events.length, changes: cap.totalChanges(), dataVersion });
 */
export class FoldedRuns {
  readonly #runs = new Map<string, FoldedRun>();
  #version: LogVersion | undefined;
  constructor(private readonly max = 64) {}

  /** At an append's start, in its write transaction: keeps what is known only if nothing was written since it was remembered. */
  begin(now: LogVersion): void {
    const current = this.isCurrent(now);
    // until `remember`: an append that fails leaves nothing known
    this.#version = undefined;
    if (!current) this.#runs.clear();
  }

  /** Whether nothing was written since the last `remember` (what is known is what is stored), changing nothing. */
  isCurrent(now: LogVersion): boolean {
    const last = this.#version;
    return last !== undefined && last.seq === now.seq && last.changes === now.changes && last.dataVersion === now.dataVersion;
  }

  /**
   * The stored state `reads` needs (as `readStoredRuns` would give it), from what is known; undefined when a
   * run is unknown, or a step is neither known nor known absent (its run is not known whole).
   */
  stored(reads: RunReads): StoredRuns | undefined {
    if (reads.runIds.size === 0) return undefined;
    const states = new Map<string, RunState>();
    const exists = new Set<string>();
    const durations = new Map<string, number | null>();
    const whole = new Set<string>();
    for (const runId of reads.runIds) {
      const run = this.#runs.get(runId);
      if (!run) return undefined;
      const steps = new Map<string, StepState>();
      if (reads.wholeRuns.has(runId)) {
        if (!run.complete || run.dropped.size > 0) return undefined;
        for (const [key, step] of run.steps) {
          steps.set(key, step);
          durations.set(stepId(runId, key), run.durations.get(key)!);
        }
      } else {
        for (const key of reads.steps.get(runId) ?? []) {
          const step = run.steps.get(key);
          if (step) {
            steps.set(key, step);
            durations.set(stepId(runId, key), run.durations.get(key)!);
          } else if (!run.complete || run.dropped.has(key)) return undefined;
        }
      }
      states.set(runId, { ...run.state, steps });
      exists.add(runId);
      if (run.complete) whole.add(runId);
    }
    return storedRuns(states, exists, durations, whole);
  }

  /**
   * After an append's writes (all of them), in its transaction: its runs and steps are stored as `after`
   * says (`planEventWrite`'s), and the log is at `version`. `whole`: runs whose steps the batch was folded
   * from were all their stored steps (`StoredRuns.whole`). Runs with no row are not kept.
   */
  remember(after: StoredRuns, whole: ReadonlySet<string> | undefined, version: LogVersion): void {
    for (const [runId, state] of after.states) {
      let run = this.#runs.get(runId);
      this.#runs.delete(runId); // re-inserted below: most recently written last
      if (!after.exists.has(runId)) continue;
      if (!run) run = { state, complete: false, steps: new Map(), durations: new Map(), dropped: new Set() };
      run.state = state;
      if (whole?.has(runId)) run.complete = true;
      // forEach: no [key, value] array nor iterator result per step (most of a run's appends run before this code is optimized)
      const kept = run;
      state.steps.forEach((step, key) => {
        const known = kept.steps.get(key);
        kept.steps.set(key, owned(step, known));
        kept.durations.set(key, after.durations.get(stepId(runId, key)) ?? null);
        if (!known && kept.dropped.size > 0) kept.dropped.delete(key);
      });
      if (run.steps.size > MAX_STEPS_PER_RUN) {
        for (const key of run.steps.keys()) run.dropped.add(key);
        run.steps.clear();
        run.durations.clear();
        if (run.dropped.size > MAX_DROPPED_PER_RUN) {
          run.dropped.clear();
          run.complete = false;
        }
      }
      this.#runs.set(runId, run);
    }
    while (this.#runs.size > this.max) this.#runs.delete(this.#runs.keys().next().value as string);
    this.#version = version;
  }
}

/** `step` with arrays of its own where they are new since `known` (a STEP_STARTED's are the caller's event's). */
function owned(step: StepState, known: StepState | undefined): StepState {
  if (step.assetKeys === known?.assetKeys && step.partitionKeys === known.partitionKeys) return step;
  // frozen arrays (a plan's, which the runner's events carry) cannot change under the cache: no copy
  if (Object.isFrozen(step.assetKeys) && Object.isFrozen(step.partitionKeys)) return step;
  return { ...step, assetKeys: [...step.assetKeys], partitionKeys: [...step.partitionKeys] };
}
