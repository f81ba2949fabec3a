import { BatonError } from '@baton/core';
import type { BatonEvent, BatonStorage } from '@baton/core';
import type { Kysely } from 'kysely';
import { assetsRepository } from './assets-repository';
import { checkResultsRepository } from './check-results-repository';
import { controlRepository } from './control-repository';
import { locksRepository } from './locks-repository';
import type { DialectCapabilities } from './dialect-capabilities';
import { createEventLogWatch, type StartEventLogWatch } from './event-log-watch';
import { FoldedRuns } from './folded-runs';
import { runsRepository } from './runs-repository';
import type { Database } from './schema';
import { appendEventBatch, appendFoldedNow } from './write-events';

/** Storage methods that answer at once without the database: never wrapped into async error mapping or outage retries. */
export const SYNCHRONOUS_METHODS: ReadonlySet<string> = new Set(['onEventsAppended', 'health', 'onHealthChange']);

const ALWAYS_REACHABLE = Object.freeze({ status: 'ok' as const, since: 0, lastError: null });

/**
 * Assembles the storage port from the repositories and the dialect's event-log watch; identical for both
 * dialects, but for `appendBatch`: a dialect's own way to append one batch atomically (default `appendEventBatch`).
 */
export function createKyselyStorage(
  db: Kysely<Database>,
  cap: DialectCapabilities,
  mapError: (error: unknown) => unknown,
  watchEventLog: StartEventLogWatch,
  appendBatch?: (events: readonly BatonEvent[]) => Promise<number[]>,
): BatonStorage {
  let closed = false;
  // SQLite: each append folds from what the last one wrote, while nothing else wrote (see FoldedRuns)
  const folded = cap.logVersion ? new FoldedRuns() : undefined;
  // SQLite: a batch with nothing to wait for (a run's steps) is written at once, before appendEvents returns
  const append = appendBatch ?? ((events: readonly BatonEvent[]) => (folded && appendFoldedNow(cap, events, folded)) || appendEventBatch(db, cap, events, [], folded));
  const watch = createEventLogWatch(watchEventLog);
  const control = controlRepository(db, cap);
  const storage: BatonStorage = {
    dialect: cap.name,
    async appendEvents(events, options) {
      if (events.length === 0 && !options?.createRuns?.length) return [];
      try {
        // runs created with their first events: the shared transaction (insertRuns, then the batch); else the dialect's append
        const seqs = options?.createRuns?.length ? await appendEventBatch(db, cap, events, options.createRuns, folded) : await append(events);
        return seqs.map(String);
      } catch (error) {
        if (BatonError.is(error)) throw error;
        const mapped = mapError(error);
        if (BatonError.is(mapped) && mapped.code !== 'INTERNAL') throw mapped;
        throw new BatonError('INPUT_INVALID', `A batch of ${events.length} events was rejected and nothing of it was written: ${(error as Error).message}`, {
          hint: 'check the events against the BatonEvent type (required fields, ids of stored materializations in provenance)',
          cause: error,
        });
      }
    },
    ...runsRepository(db, cap),
    ...assetsRepository(db, cap, control),
    ...control,
    ...locksRepository(db),
    ...checkResultsRepository(db),
    onEventsAppended: (listener) => watch.subscribe(listener),
    // an embedded database always answers; PostgreSQL's factory replaces these with its connection health
    health: () => ALWAYS_REACHABLE,
    onHealthChange: () => () => {},
    async close() {
      if (closed) return;
      closed = true;
      watch.close();
      await db.destroy();
    },
  };
  return withMappedErrors(storage, mapError);
}

/**
 * Every method's failure that the dialect recognises (locked, full disk, unreachable, read-only…)
 * becomes its BatonError, saying what happened and what to do; other errors pass unchanged.
 */
function withMappedErrors(storage: BatonStorage, mapError: (error: unknown) => unknown): BatonStorage {
  const wrapped: Record<string, unknown> = { ...(storage as object) };
  for (const [name, value] of Object.entries(storage)) {
    if (typeof value !== 'function' || SYNCHRONOUS_METHODS.has(name)) continue;
    const fn = value as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await fn.apply(storage, args);
      } catch (error) {
        if (BatonError.is(error)) throw error;
        const mapped = mapError(error);
        throw BatonError.is(mapped) && mapped.code !== 'INTERNAL' ? mapped : error;
      }
    };
  }
  return wrapped as unknown as BatonStorage;
}
