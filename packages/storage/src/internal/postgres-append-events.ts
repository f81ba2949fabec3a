import type { BatonEvent } from '@baton/core';
import type pg from 'pg';
import type { AutoPreparePool } from './auto-prepare-pool';
import { pipelined, type PipelinedQuery } from './pg-pipeline';
import { planEventWrite, type EventWrite } from './plan-event-write';
import { KnownRuns } from './known-runs';
import { eventRowsStatement } from './postgres-capabilities';
import { PARTITION_STATE_CODE } from './schema';
import type { StepsTable } from './schema';
import { storedRunsOf, toRead, type StoredRunRow } from './stored-run-state';
import { nextReceipt, RECEIPT_RETENTION_MS } from './write-receipt';

const BEGIN: PipelinedQuery = { text: 'begin' };
const COMMIT: PipelinedQuery = { text: 'commit' };
const LOCK = 'select pg_advisory_xact_lock($1::int8)';
const RECEIPT = 'select result from write_receipts where id = $1::text';
const RUNS = 'select id, status, started_at, ended_at, owner, error from runs where id = any($1::text[])';
// every step of the runs in $1, and the steps ($2[i], $3[i]) of the others
const STEPS = 'select * from steps where run_id = any($1::text[]) '
  + 'union all select s.* from unnest($2::text[], $3::text[]) as k(run_id, step_key) join steps s on s.run_id = k.run_id and s.step_key = k.step_key';
const { materialized, failed, in_progress: inProgress } = PARTITION_STATE_CODE;
const PARTITIONS = 'unnest($1::text[], $2::text[]) as k(asset_key, partition_key)';
const SAME_PARTITION = `p.asset_key = k.asset_key and p.partition_key = k.partition_key and p.state = ${inProgress}`;
// see settlePartitions in write-events.ts: restore "materialized" if they ever were, otherwise forget them
const SETTLE = `with k as (select * from ${PARTITIONS}), `
  + `u as (update partition_status p set state = ${materialized} from k where ${SAME_PARTITION} and p.materialized = 1) `
  + `delete from partition_status p using k where ${SAME_PARTITION} and p.materialized = 0`;
const FAIL = `update partition_status p set state = ${failed} from ${PARTITIONS} where ${SAME_PARTITION}`;
const PRUNE_RECEIPTS = 'delete from write_receipts where created_at < $1::int8';

/**
 * `appendEvents` on PostgreSQL in two round trips (the same write as `appendEventBatch`, which takes
 * about seven): the first sends `BEGIN`, the event-log lock and the reads of the batch's stored runs
 * and steps at once (pipelined; each read runs after the lock is granted); the batch is folded; the
 * second sends the rows statement (with the write receipt, see `write-receipt.ts`), the follow-ups and
 * `COMMIT` at once. A failure anywhere rolls back everything. Fixed statements are prepared on each
 * connection; the rows statement once its shape recurs (`AutoPreparePool`).
 *
 * @example
 * const append = postgresAppendEvents(pool, prepared, eventLogLockKey('public'));
 * const seqs = await append([e.stepStarted('a', ['a']), e.stepSuccess('a')]);
 */
export function postgresAppendEvents(pool: pg.Pool, prepared: AutoPreparePool, lockKey: number): (events: readonly BatonEvent[]) => Promise<number[]> {
  let receipts = 0;
  const known = new KnownRuns();
  return async (events) => {
    if (events.length === 0) return [];
    const receipt = nextReceipt();
    const reads = toRead(events);
    const { runIds, wholeRuns, steps } = reads;
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      try {
        const first: PipelinedQuery[] = [BEGIN, { name: 'baton_append_lock', text: LOCK, values: [lockKey] }];
        if (receipt?.retry) first.push({ name: 'baton_append_receipt', text: RECEIPT, values: [receipt.id] });
        if (runIds.size > 0) {
          const stepRuns: string[] = [];
          const stepKeys: string[] = [];
          for (const [runId, keys] of steps) {
            if (wholeRuns.has(runId)) continue;
            for (const key of keys) {
              stepRuns.push(runId);
              stepKeys.push(key);
            }
          }
          first.push({ name: 'baton_append_runs', text: RUNS, values: [[...runIds]] }, { name: 'baton_append_steps', text: STEPS, values: [[...wholeRuns], stepRuns, stepKeys] });
        }
        const reading = pipelined(client, first);
        // while the reads are on their way: fold the batch from the rows this process wrote last
        const guess = known.guess(reads);
        let guessed: EventWrite | undefined;
        try {
          guessed = guess && planEventWrite(events, guess.stored);
        } catch {
          guessed = undefined; // folded again below, where the error is thrown
        }
        const read = await reading;
        if (receipt?.retry) {
          // the attempt before lost its connection: if its COMMIT went through, answer what it returned
          const prior = read[2]!.rows[0] as { result: string } | undefined;
          if (prior) {
            await client.query('rollback');
            return (JSON.parse(prior.result) as { value: number[] }).value;
          }
        }
        const runRows = runIds.size > 0 ? (read[read.length - 2]!.rows as StoredRunRow[]) : [];
        const stepRows = runIds.size > 0 ? (read[read.length - 1]!.rows as StepsTable[]) : [];
        const write = guess && guessed && known.matches(guess, runRows, stepRows) ? guessed : planEventWrite(events, storedRunsOf(runIds, runRows, stepRows));
        const now = Date.now();
        const rows = eventRowsStatement(write.rows, lockKey, receipt ? { id: receipt.id, createdAt: now } : undefined);
        const name = prepared.nameFor(rows.text);
        const second: PipelinedQuery[] = [{ ...(name ? { name } : {}), text: rows.text, values: rows.params, rowMode: 'array' }, ...followUps(write)];
        if (receipt && ++receipts % 1_000 === 0) second.push({ name: 'baton_append_prune', text: PRUNE_RECEIPTS, values: [now - RECEIPT_RETENTION_MS] });
        second.push(COMMIT);
        const [written] = await pipelined(client, second);
        known.remember(reads, runRows, stepRows, write);
        return (written!.rows as unknown[][]).map((r) => Number(r[0]));
      } catch (error) {
        known.forget(runIds);
        await client.query('rollback').catch((e: Error) => (broken = e));
        throw error;
      }
    } finally {
      client.release(broken);
    }
  };
}

/** What a batch changes in rows written earlier (see `followUps` in write-events.ts), after its rows. */
function followUps(write: EventWrite): PipelinedQuery[] {
  const out: PipelinedQuery[] = [];
  for (const [keys, name, text] of [[write.settle, 'baton_append_settle', SETTLE], [write.failOpen, 'baton_append_fail', FAIL]] as const) {
    if (keys.length > 0) out.push({ name, text, values: [keys.map((k) => k.assetKey), keys.map((k) => k.partitionKey)] });
  }
  return out;
}
