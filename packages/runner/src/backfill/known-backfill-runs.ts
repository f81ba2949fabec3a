import { isTerminalRunStatus, OPEN_RUN_STATUSES } from '@baton/core';
import type { BatonStorage, RunFilter, RunRecord } from '@baton/core';
import { RUN_GENERATION_TAG, RUN_KEY_TAG } from './launch-backfill';

/**
 * The runs of one backfill as a driver last read them, so its next pass reads only what can have changed:
 * the runs not ended (listed by status), the runs it knew open that ended since (one read each), and the
 * count of the backfill's runs. An ended run never changes and runs are never deleted, so when that count
 * equals the runs known, what is known is every run; otherwise (a run created and ended between two
 * passes, by a resubmission from another process) every run is read again. A pass used to list every run of
 * its backfill: O(runs) per pass, O(runs²) for a backfill whose runs wait on each other (a chain).
 *
 * @example
 * const known = new KnownBackfillRuns(backfill.id);
 * const latest = await known.latest(storage); // run key -> its latest run
 */
export class KnownBackfillRuns {
  readonly #byId = new Map<string, RunRecord>();
  readonly #latest = new Map<string, RunRecord>();
  #open = new Set<string>();
  #read = false;

  constructor(readonly backfillId: string) {}

  /** The latest run (highest generation) of each run key of the backfill, without plans, as known now (read-only: `add` changes it). */
  async latest(storage: BatonStorage): Promise<ReadonlyMap<string, RunRecord>> {
    if (!this.#read || !(await this.#refresh(storage))) await this.#readAll(storage);
    return this.#latest;
  }

  /** How many runs of the backfill had not ended when read (or created here since). */
  get openCount(): number {
    return this.#open.size;
  }

  /** Runs this process just created for the backfill, as `createRuns` answered (the next read reads them again while open). */
  add(runs: readonly RunRecord[]): void {
    for (const run of runs) this.#take(run);
  }

  async #refresh(storage: BatonStorage): Promise<boolean> {
    const open = new Set<string>();
    for (const run of await allRuns(storage, { backfillId: this.backfillId, statuses: OPEN_RUN_STATUSES })) {
      this.#put(run);
      open.add(run.id);
    }
    // open when last read, not open now: ended since (an ended run is final, so reading it after the list is safe)
    for (const id of this.#open) {
      if (open.has(id)) continue;
      const run = await storage.getRun(id, { withPlan: false });
      if (!run) return false;
      this.#put(run);
      if (!isTerminalRunStatus(run.status)) open.add(id);
    }
    this.#open = open;
    return (await storage.countRuns({ backfillId: this.backfillId })) === this.#byId.size;
  }

  async #readAll(storage: BatonStorage): Promise<void> {
    this.#byId.clear();
    this.#latest.clear();
    this.#open = new Set();
    for (const run of await allRuns(storage, { backfillId: this.backfillId })) this.#take(run);
    this.#read = true;
  }

  /** `run`, read whole or created here: kept, and among the open ones while it has not ended. */
  #take(run: RunRecord): void {
    this.#put(run);
    if (!isTerminalRunStatus(run.status)) this.#open.add(run.id);
  }

  #put(run: RunRecord): void {
    this.#byId.set(run.id, run);
    const key = run.tags[RUN_KEY_TAG];
    if (!key) return;
    const prev = this.#latest.get(key);
    if (!prev || prev.id === run.id || generation(run) > generation(prev)) this.#latest.set(key, run);
  }
}

/** Every run matching `filter`, without plans (plans are most of a run's row), paged through storage. */
async function allRuns(storage: BatonStorage, filter: RunFilter): Promise<RunRecord[]> {
  const out: RunRecord[] = [];
  let cursor: string | null = null;
  do {
    const page = await storage.listRuns(filter, { cursor, limit: 5_000 }, { withPlan: false });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** Which submission of its run key a backfill run is. */
export function generation(run: Pick<RunRecord, 'tags'>): number {
  return Number(run.tags[RUN_GENERATION_TAG] ?? '1');
}
