import { newRunId, type BatonEvent, type NewRun } from '@baton/core';
import type { Kysely } from 'kysely';
import { chunk, rowsPerStatement } from './chunk';
import { compiledOnce } from './compiled-once';
import type { DialectCapabilities } from './dialect-capabilities';
import type { Database, RunsTable } from './schema';

/**
 * Inserts the rows of new runs (runs, run_assets) inside the caller's write transaction, queued, and
 * returns them with the events that create them: RUN_QUEUED, and RUN_STARTING for a run created
 * claimed (`claimedBy`: the fold keeps the owner its row was inserted with). The caller appends those
 * events in the same transaction (`createRuns`, or `appendEvents` with `createRuns`).
 */
export async function insertRuns(trx: Kysely<Database>, cap: DialectCapabilities, runs: readonly NewRun[], now: number): Promise<{ rows: RunsTable[]; events: BatonEvent[] }> {
  const created = newRunRows(runs, now);
  await insertRunRows(trx, cap, runs, created.rows);
  return created;
}

/** The rows of new runs (queued; owned for a run created claimed) and the events that create them (see `insertRuns`), not written. */
export function newRunRows(runs: readonly NewRun[], now: number): { rows: RunsTable[]; events: BatonEvent[] } {
  const rows: RunsTable[] = runs.map((r) => {
    const createdAt = r.createdAt ?? now;
    return {
      id: r.id ?? newRunId(),
      status: 'queued',
      asset_keys: JSON.stringify(r.assetKeys),
      partition_target: JSON.stringify(r.partition),
      tags: JSON.stringify(r.tags ?? {}),
      backfill_id: r.backfillId ?? null,
      parent_run_id: r.parentRunId ?? null,
      priority: r.priority ?? 0,
      plan: JSON.stringify(r.plan ?? null),
      created_at: createdAt,
      started_at: null,
      ended_at: null,
      heartbeat_at: r.claimedBy !== undefined ? createdAt : null,
      owner: r.claimedBy ?? null,
      error: null,
    };
  });
  const events: BatonEvent[] = runs.map((r, i) => ({ type: 'RUN_QUEUED', runId: rows[i]!.id, timestamp: rows[i]!.created_at, assetKeys: r.assetKeys, partition: r.partition }));
  runs.forEach((r, i) => {
    if (r.claimedBy !== undefined) events.push({ type: 'RUN_STARTING', runId: rows[i]!.id, owner: r.claimedBy, timestamp: rows[i]!.created_at });
  });
  return { rows, events };
}

/** Inserts `rows` (of `runs`, in order: see `newRunRows`) and their run_assets inside the caller's write transaction. */
export async function insertRunRows(trx: Kysely<Database>, cap: DialectCapabilities, runs: readonly NewRun[], rows: readonly RunsTable[]): Promise<void> {
  // a few rows (a run per partition, as the CLI creates them): SQL compiled once per row count
  for (const part of chunk(rows, rowsPerStatement(cap, 15))) {
    await cap.executeInTransaction(trx, compiledOnce(`${cap.name}|insert-runs|${part.length}`, part.flatMap(Object.values), () => trx.insertInto('runs').values(part)));
  }
  const assets = rows.flatMap((r, i) => [...new Set(runs[i]!.assetKeys)].map((a) => ({ asset_key: a, run_id: r.id })));
  for (const part of chunk(assets, rowsPerStatement(cap, 2))) {
    await cap.executeInTransaction(trx, compiledOnce(`${cap.name}|insert-run-assets|${part.length}`, part.flatMap(Object.values), () => trx.insertInto('run_assets').values(part)));
  }
}
