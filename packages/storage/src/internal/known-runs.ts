import type { EventWrite } from './plan-event-write';
import { COLUMNS, RUN_UPDATE_COLUMNS } from './row-set';
import type { StepsTable } from './schema';
import { storedRunsOf, type StoredRunRow, type StoredRuns } from './stored-run-state';

/** What an append must read before it can fold its batch (see `toRead`). */
export interface RunReads {
  readonly runIds: ReadonlySet<string>;
  readonly wholeRuns: ReadonlySet<string>;
  readonly steps: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The rows a guess assumed: each run's row (undefined: none) and each step asked for (undefined: none). */
export interface RunsGuess {
  readonly reads: RunReads;
  /** The guessed rows as `readStoredRuns` would give them. */
  readonly stored: StoredRuns;
  /** The rows guessed to exist, and the runs and steps (run id, step key) guessed to have none. */
  readonly runRows: readonly StoredRunRow[];
  readonly stepRows: readonly StepsTable[];
  readonly absentRuns: readonly string[];
  readonly absentSteps: readonly (readonly [string, string])[];
}

interface KnownRun {
  row: StoredRunRow | undefined;
  readonly steps: Map<string, StepsTable>;
}

/** Steps kept per run: the ones written last (a batch usually names the steps it starts and the ones that end). */
const MAX_STEPS_PER_RUN = 256;

/**
 * The run and step rows this process last wrote, so an append can fold its batch from them without
 * reading them first (a guess), and send, in the same round trip as its rows, a check that the stored
 * rows are the guessed ones (see `postgresAppendEvents`). A wrong guess (another process wrote meanwhile)
 * fails the check and costs a second try, never a different result. Bounded: the `max` runs written last,
 * and the steps written last of each.
 *
 * @example
 * const guess = known.guess(toRead(events));
 * const write = guess && planEventWrite(events, guess.stored); // then: lock, check(guess), rows, COMMIT
 * known.remember(guess.reads, guess.runRows, guess.stepRows, write);
 */
export class KnownRuns {
  readonly #runs = new Map<string, KnownRun>();
  constructor(private readonly max = 64) {}

  /** The stored state `reads` would find if nobody else wrote since; undefined when a run is unknown or every step of one must be read. */
  guess(reads: RunReads): RunsGuess | undefined {
    if (reads.runIds.size === 0 || reads.wholeRuns.size > 0) return undefined;
    const runRows: StoredRunRow[] = [];
    const stepRows: StepsTable[] = [];
    const absentRuns: string[] = [];
    const absentSteps: [string, string][] = [];
    for (const runId of reads.runIds) {
      const known = this.#runs.get(runId);
      if (!known) return undefined;
      if (known.row) runRows.push(known.row);
      else absentRuns.push(runId);
      for (const stepKey of reads.steps.get(runId) ?? []) {
        const row = known.steps.get(stepKey);
        if (row) stepRows.push(row);
        else absentSteps.push([runId, stepKey]);
      }
    }
    return { reads, stored: storedRunsOf(reads.runIds, runRows, stepRows, undefined), runRows, stepRows, absentRuns, absentSteps };
  }

  /** After a commit: the runs and steps of `reads` are as `runRows`/`stepRows` (read or guessed) changed by `write`. */
  remember(reads: RunReads, runRows: readonly StoredRunRow[], stepRows: readonly StepsTable[], write: EventWrite): void {
    const after = new Map<string, KnownRun>();
    for (const runId of reads.runIds) {
      const previous = this.#runs.get(runId);
      this.#runs.delete(runId); // re-inserted below: most recently written last
      after.set(runId, { row: undefined, steps: previous?.steps ?? new Map() });
    }
    for (const row of runRows) after.get(row.id)!.row = row;
    for (const row of stepRows) setStep(after, row);
    for (const set of write.rows.sets) {
      if (set.table === 'runs') {
        for (const r of set.rows) {
          const row = pick(rowObject<StoredRunRow>(COLUMNS.runs, r));
          const known = after.get(row.id);
          if (known) known.row = row;
        }
      } else if (set.table === 'steps') {
        for (const r of set.rows) setStep(after, rowObject<StepsTable>(COLUMNS.steps, r));
      }
    }
    for (const r of write.rows.runUpdates) {
      const known = after.get(r[0] as string);
      if (known?.row) known.row = pick(rowObject<StoredRunRow>(RUN_UPDATE_COLUMNS, r));
    }
    for (const [runId, known] of after) {
      while (known.steps.size > MAX_STEPS_PER_RUN) known.steps.delete(known.steps.keys().next().value as string);
      this.#runs.set(runId, known);
    }
    while (this.#runs.size > this.max) this.#runs.delete(this.#runs.keys().next().value as string);
  }

  /** Forgets `runIds` (their rows are no longer known: a write failed or was not ours). */
  forget(runIds: Iterable<string>): void {
    for (const runId of runIds) this.#runs.delete(runId);
  }
}

/** Row `r` (values in `columns` order) as an object; the properties are added in one order, so every row shares one shape. */
function rowObject<T>(columns: readonly (readonly [string, unknown])[], r: readonly unknown[]): T {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) row[columns[i]![0]] = r[i] ?? null;
  return row as T;
}

function pick(row: StoredRunRow): StoredRunRow {
  return { id: row.id, status: row.status, started_at: row.started_at, ended_at: row.ended_at, owner: row.owner, error: row.error };
}

/**
 * Records `row` as its step's latest (most recently written last) when its run is in `runs`. A function, not a
 * closure made per `remember` (one per append): under tsx a named closure costs a defineProperty of its name each time.
 */
function setStep(runs: Map<string, KnownRun>, row: StepsTable): void {
  const steps = runs.get(row.run_id)?.steps;
  if (!steps) return;
  steps.delete(row.step_key);
  steps.set(row.step_key, row);
}
