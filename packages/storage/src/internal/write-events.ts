import type { BatonEvent, NewRun } from '@baton/core';
import type { Kysely } from 'kysely';
import { chunk, IN_LIST_CHUNK } from './chunk';
import type { DialectCapabilities } from './dialect-capabilities';
import type { FoldedRuns, LogVersion } from './folded-runs';
import { insertFoldedRuns } from './insert-folded-runs';
import { insertRunRows, newRunRows } from './insert-runs';
import { planEventWrite } from './plan-event-write';
import type { EventWrite, PartitionRef } from './plan-event-write';
import { PARTITION_STATE_CODE } from './schema';
import type { Database, RunsTable } from './schema';
import { readStoredRuns, storedRunsOf, toRead, type StoredRuns } from './stored-run-state';

/**
 * Appends `events` inside the caller's write transaction and updates every projection from them
 * (see `planEventWrite`): takes the event-log lock, reads the stored state of the runs and steps
 * the batch touches (`known`: what the caller read of them under that lock, `locked`), folds the batch
 * through core's reducer and writes the result. Returns each event's seq, in order.
 */
export async function writeEvents(
  trx: Kysely<Database>, cap: DialectCapabilities, events: readonly BatonEvent[], known?: StoredRuns, options: { readonly locked?: boolean } = {},
): Promise<number[]> {
  if (events.length === 0) return [];
  // `locked`: the caller took the event-log lock in this transaction before it read `known`
  if (!options.locked) await cap.lockEventLog(trx);
  return writePlanned(trx, cap, planEventWrite(events, known ?? (await readStoredRuns(trx, cap, events))));
}

/**
 * Writes a folded batch's rows (seqs after `base` when given) and its follow-ups; returns each event's seq.
 * Not an async function: a batch without follow-ups (a run's steps) answers with the dialect's own promise, no extra hop.
 */
function writePlanned(trx: Kysely<Database>, cap: DialectCapabilities, write: EventWrite, base?: number): Promise<number[]> {
  const seqs = cap.writeEventRows(trx, write.rows, base === undefined ? { inTransaction: true } : { inTransaction: true, base });
  if (write.settle.length === 0 && write.failOpen.length === 0) return seqs;
  return seqs.then((written) => followUps(trx, write).then(() => written));
}

/**
 * Appends one batch atomically on its own, in one write transaction (see `writeEvents`), after
 * creating `createRuns` in it (see `insertRuns`; the seqs returned are the batch's): the
 * stored run and step state is read under the event-log lock, so a concurrent append (a cancel
 * from the API while the runner writes) cannot be overwritten by a fold of stale state.
 */
export async function appendEventBatch(
  db: Kysely<Database>, cap: DialectCapabilities, events: readonly BatonEvent[], createRuns: readonly NewRun[] = [], folded?: FoldedRuns,
): Promise<number[]> {
  if (folded && cap.logVersion && cap.totalChanges) return appendFolded(db, cap, events, createRuns, folded);
  if (createRuns.length === 0) return events.length === 0 ? [] : cap.writeTransaction(db, (trx) => writeEvents(trx, cap, events));
  // runs created with their first events (appendEvents' `createRuns`): their creating events first
  return cap.writeTransaction(db, async (trx) => {
    const { batch, stored, insertFolded } = await withCreatedRuns(trx, cap, createRuns, events);
    await cap.lockEventLog(trx);
    let write = planEventWrite(batch, stored ?? (await readStoredRuns(trx, cap, batch)));
    if (insertFolded) write = await insertFolded(write);
    return (await writePlanned(trx, cap, write)).slice(batch.length - events.length);
  });
}

/**
 * A batch with the events creating `createRuns` first. When it touches only those runs: their stored state
 * (nothing to read) and `insertFolded`, which inserts their rows as the batch's fold leaves them (see
 * `insertFoldedRuns`); otherwise their rows are inserted queued now, and the batch is folded from a read.
 */
async function withCreatedRuns(
  trx: Kysely<Database>, cap: DialectCapabilities, createRuns: readonly NewRun[], events: readonly BatonEvent[],
): Promise<{ batch: readonly BatonEvent[]; stored?: StoredRuns; insertFolded?: (write: EventWrite) => Promise<EventWrite> }> {
  if (createRuns.length === 0) return { batch: events };
  const created = newRunRows(createRuns, Date.now());
  const batch = [...created.events, ...events];
  const stored = createdRunsOnly(batch, created.rows);
  if (!stored) {
    await insertRunRows(trx, cap, createRuns, created.rows);
    return { batch };
  }
  // a method: an arrow function in a property gets its name defined per call under tsx (esbuild's keepNames)
  return {
    batch,
    stored,
    insertFolded(write) {
      return insertFoldedRuns(trx, cap, createRuns, created.rows, write);
    },
  };
}

/**
 * `appendEventBatch` on SQLite, folding from what this connection's last append wrote when nothing else
 * wrote since (`folded`, see `FoldedRuns`): the log version is read (and with it the seq the batch
 * follows) instead of the runs and steps rows and the seq; anything not known is read as before.
 */
async function appendFolded(
  db: Kysely<Database>, cap: DialectCapabilities, events: readonly BatonEvent[], createRuns: readonly NewRun[], folded: FoldedRuns,
): Promise<number[]> {
  if (events.length === 0 && createRuns.length === 0) return [];
  return cap.writeTransaction(db, async (trx) => {
    const version = cap.logVersion!();
    folded.begin(version);
    // a batch creating no run (a run's steps) waits for nothing here
    const { batch, stored: created, insertFolded } = createRuns.length === 0 ? { batch: events, stored: undefined, insertFolded: undefined } : await withCreatedRuns(trx, cap, createRuns, events);
    const reads = toRead(batch);
    const stored = created ?? folded.stored(reads) ?? (await readStoredRuns(trx, cap, batch, reads));
    let write = planEventWrite(batch, stored);
    if (insertFolded) write = await insertFolded(write);
    const seqs = await writePlanned(trx, cap, write, version.seq);
    folded.remember(write.after, stored.whole, versionAfter(cap, version, batch.length));
    return seqs.slice(batch.length - events.length);
  });
}

/** The log version an append of `count` events leaves, read in its transaction after its writes (see `FoldedRuns.remember`). */
function versionAfter(cap: DialectCapabilities, before: LogVersion, count: number): LogVersion {
  return { seq: before.seq + count, changes: cap.totalChanges!(), dataVersion: before.dataVersion };
}

/**
 * `appendFolded` in one synchronous block (`writeTransactionNow`), for a batch that has nothing to wait for:
 * no run to create, the connection free, the stored state of its runs and steps known (`folded`), and no
 * partitions to settle from what is stored. Undefined, with nothing written, for any other batch: the
 * caller appends it through `appendEventBatch`. A run's step batches are such batches (in a chain of
 * no-op steps the promises and frames of the asynchronous layers were a fifth of a step).
 */
export function appendFoldedNow(cap: DialectCapabilities, events: readonly BatonEvent[], folded: FoldedRuns): number[] | undefined {
  if (events.length === 0 || !cap.writeTransactionNow || !cap.writeEventRowsNow || !cap.logVersion || !cap.totalChanges) return undefined;
  return cap.writeTransactionNow(() => {
    // what is known stays as it is until the batch is sure to be written here (the asynchronous path folds from it too)
    const version = cap.logVersion!();
    if (!folded.isCurrent(version)) return undefined;
    const stored = folded.stored(toRead(events));
    if (!stored) return undefined; // to be read: the asynchronous path
    const write = planEventWrite(events, stored);
    if (write.settle.length > 0 || write.failOpen.length > 0) return undefined; // follow-ups read what is stored
    folded.begin(version);
    const seqs = cap.writeEventRowsNow!(write.rows, version.seq);
    folded.remember(write.after, stored.whole, versionAfter(cap, version, events.length));
    return seqs;
  });
}

/**
 * The stored state of a batch that touches only runs this transaction just inserted (`rows`): those
 * rows, with no steps, so nothing needs reading back; undefined when it touches any other run.
 */
export function createdRunsOnly(events: readonly BatonEvent[], rows: readonly RunsTable[]): StoredRuns | undefined {
  const { runIds } = toRead(events);
  const ids = new Set(rows.map((r) => r.id));
  for (const id of runIds) if (!ids.has(id)) return undefined;
  return storedRunsOf(runIds, rows, [], runIds);
}

/** What a batch changes in rows written earlier: settled partitions, and the partitions of steps its ended runs ended. */
async function followUps(trx: Kysely<Database>, write: EventWrite): Promise<void> {
  await settlePartitions(trx, write.settle, 'settle');
  await settlePartitions(trx, write.failOpen, 'fail');
}

/**
 * Resolves partitions left in progress: `settle` (the step succeeded without materializing them)
 * restores "materialized" if they ever were, otherwise forgets them; `fail` marks them failed.
 */
async function settlePartitions(trx: Kysely<Database>, keys: readonly PartitionRef[], how: 'settle' | 'fail'): Promise<void> {
  const byAsset = new Map<string, string[]>();
  for (const k of keys) byAsset.set(k.assetKey, [...(byAsset.get(k.assetKey) ?? []), k.partitionKey]);
  for (const [assetKey, partitionKeys] of byAsset) {
    for (const part of chunk(partitionKeys, IN_LIST_CHUNK)) {
      if (how === 'fail') {
        await trx.updateTable('partition_status').set({ state: PARTITION_STATE_CODE.failed })
          .where('asset_key', '=', assetKey).where('partition_key', 'in', part).where('state', '=', PARTITION_STATE_CODE.in_progress).execute();
      } else {
        await trx.updateTable('partition_status').set({ state: PARTITION_STATE_CODE.materialized })
          .where('asset_key', '=', assetKey).where('partition_key', 'in', part).where('state', '=', PARTITION_STATE_CODE.in_progress).where('materialized', '=', 1).execute();
        await trx.deleteFrom('partition_status')
          .where('asset_key', '=', assetKey).where('partition_key', 'in', part).where('state', '=', PARTITION_STATE_CODE.in_progress).where('materialized', '=', 0).execute();
      }
    }
  }
}
