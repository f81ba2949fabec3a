import type { BatonStorage, CheckResultRecord } from '@baton/core';
import type { Kysely } from 'kysely';
import { chunk, IN_LIST_CHUNK } from './chunk';
import { fromPartitionColumn, toPartitionColumn } from './row-mappers';
import type { CheckResultsTable, Database } from './schema';

type CheckMethods = Pick<BatonStorage, 'latestCheckResults' | 'checkResultHistory'>;

/** A check_results row as the port's record. */
export function toCheckResultRecord(row: CheckResultsTable): CheckResultRecord {
  return {
    id: String(row.id),
    assetKey: row.asset_key,
    partitionKey: fromPartitionColumn(row.partition_key),
    checkName: row.check_name,
    runId: row.run_id,
    timestamp: Number(row.timestamp),
    passed: Number(row.passed) === 1,
    severity: row.severity,
    blocking: Number(row.blocking) === 1,
    metadata: JSON.parse(row.metadata) as CheckResultRecord['metadata'],
  };
}

/** The latest check_results row of each (asset, partition, check) of these assets (or all). */
export async function latestCheckRows(db: Kysely<Database>, assetKeys: readonly string[] | undefined): Promise<CheckResultsTable[]> {
  const query = (part: string[] | undefined) => {
    let q = db.selectFrom('latest_check_results as l').innerJoin('check_results as c', 'c.id', 'l.check_result_id').selectAll('c');
    if (part) q = q.where('l.asset_key', 'in', part);
    return q.orderBy('c.asset_key').orderBy('c.check_name').orderBy('c.partition_key').execute();
  };
  if (assetKeys === undefined) return query(undefined);
  const out: CheckResultsTable[] = [];
  for (const part of chunk([...new Set(assetKeys)], IN_LIST_CHUNK)) out.push(...(await query(part)));
  return out;
}

/** Latest check results and check history. */
export function checkResultsRepository(db: Kysely<Database>): CheckMethods {
  return {
    async latestCheckResults(assetKeys) {
      return (await latestCheckRows(db, assetKeys)).map(toCheckResultRecord);
    },
    async checkResultHistory(assetKey, options = {}) {
      const limit = Math.max(1, Math.min(options.limit ?? 50, 1000));
      let q = db.selectFrom('check_results').selectAll().where('asset_key', '=', assetKey);
      if (options.checkName !== undefined) q = q.where('check_name', '=', options.checkName);
      if (options.partitionKey !== undefined) q = q.where('partition_key', '=', toPartitionColumn(options.partitionKey));
      if (options.cursor) q = q.where('id', '<', Number(options.cursor));
      const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toCheckResultRecord);
      return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
    },
  };
}
