import type { BatonStorage, ObservationRecord, PartitionState } from '@baton/core';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { byKeys, chunk, IN_LIST_CHUNK } from './chunk';
import type { DialectCapabilities } from './dialect-capabilities';
import { arrayToMaterializationRecord, MATERIALIZATION_ARRAY_COLUMNS, toMaterializationRecord, toObservationRecord, toPartitionColumn } from './row-mappers';
import { PARTITION_STATE_BY_CODE, PARTITION_STATE_CODE } from './schema';
import { stateSnapshots } from './state-snapshot';
import type { Database } from './schema';

const SEPARATOR = '\u001f';

type AssetMethods = Pick<
  BatonStorage,
  | 'latestMaterializations' | 'latestMaterializationsByPartition' | 'getMaterialization' | 'getMaterializations' | 'materializationHistory'
  | 'latestObservations' | 'observationHistory' | 'partitionStatus' | 'loadStateSnapshot' | 'upstreamMaterializationIds' | 'downstreamMaterializationIds'
>;

/** Materializations, observations, partition status, lineage and the planner's snapshot. */
export function assetsRepository(db: Kysely<Database>, cap: DialectCapabilities, log: Pick<BatonStorage, 'latestEventSeq'>): AssetMethods {
  const snapshots = stateSnapshots(db, cap, log);
  /** Materialization columns as arrays, without per-row objects: thousands of rows are the usual read. */
  const materializationColumns = [
    ...MATERIALIZATION_ARRAY_COLUMNS.map((c) => `m.${c}` as const),
    sql<string>`'[' || m.metadata || ',' || m.provenance || ']'`.as('metadata_provenance'),
  ];
  const latestObs = (keys: string[] | undefined) => {
    let q = db.selectFrom('latest_observations as l').innerJoin('observations as o', 'o.id', 'l.observation_id').selectAll('o');
    if (keys) q = q.where('l.asset_key', 'in', keys);
    return q.orderBy('o.id').execute();
  };
  const edges = async (ids: readonly string[], from: 'materialization_id' | 'upstream_id', to: 'materialization_id' | 'upstream_id') => {
    const out: Record<string, string[]> = Object.fromEntries(ids.map((id) => [id, [] as string[]]));
    const numeric = ids.map(Number).filter(Number.isSafeInteger);
    for (const part of chunk(numeric, IN_LIST_CHUNK)) {
      const rows = await db.selectFrom('materialization_inputs').select([from, to]).where(from, 'in', part).orderBy(from).orderBy(to).execute();
      for (const r of rows) out[String(r[from])]?.push(String(r[to]));
    }
    return out;
  };

  return {
    async latestMaterializations(assetKeys) {
      return byKeys(assetKeys, async (keys) => {
        let q = db.selectFrom('asset_latest as a').innerJoin('materializations as m', 'm.id', 'a.materialization_id').select(materializationColumns);
        if (keys) q = q.where('a.asset_key', 'in', keys);
        return (await cap.selectArrays(db, q.compile())).map(arrayToMaterializationRecord);
      });
    },

    async latestMaterializationsByPartition(assetKey, partitionKeys) {
      return byKeys(partitionKeys, async (keys) => {
        let q = db.selectFrom('partition_status as l').innerJoin('materializations as m', 'm.id', 'l.materialization_id').select(materializationColumns).where('l.asset_key', '=', assetKey);
        if (keys) q = q.where('l.partition_key', 'in', keys.map(toPartitionColumn));
        return (await cap.selectArrays(db, q.orderBy('l.partition_key').compile())).map(arrayToMaterializationRecord);
      });
    },

    async getMaterialization(id) {
      const n = Number(id);
      if (!Number.isSafeInteger(n)) return undefined;
      const row = await db.selectFrom('materializations').selectAll().where('id', '=', n).executeTakeFirst();
      return row ? toMaterializationRecord(row) : undefined;
    },

    async getMaterializations(ids) {
      const numeric = ids.map(Number).filter(Number.isSafeInteger);
      const rows = await byKeys(numeric.map(String), (keys) => db.selectFrom('materializations').selectAll().where('id', 'in', (keys ?? []).map(Number)).execute());
      const byId = new Map(rows.map((r) => [String(r.id), toMaterializationRecord(r)]));
      return ids.flatMap((id) => byId.get(String(Number(id))) ?? []);
    },

    async materializationHistory(assetKey, options = {}) {
      const limit = options.limit ?? 100;
      let q = db.selectFrom('materializations').selectAll().where('asset_key', '=', assetKey);
      if (options.partitionKey !== undefined) q = q.where('partition_key', '=', toPartitionColumn(options.partitionKey));
      if (options.cursor) q = q.where('id', '<', Number(options.cursor));
      const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toMaterializationRecord);
      return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
    },

    async latestObservations(assetKeys) {
      // the latest observation of each asset, any partition
      const rows = await byKeys(assetKeys, latestObs);
      const byAsset = new Map<string, ObservationRecord>();
      for (const r of rows) byAsset.set(r.asset_key, toObservationRecord(r));
      return [...byAsset.values()];
    },

    async observationHistory(assetKey, options = {}) {
      const limit = options.limit ?? 100;
      let q = db.selectFrom('observations').selectAll().where('asset_key', '=', assetKey);
      if (options.partitionKey !== undefined) q = q.where('partition_key', '=', toPartitionColumn(options.partitionKey));
      if (options.cursor) q = q.where('id', '<', Number(options.cursor));
      const rows = await q.orderBy('id', 'desc').limit(limit + 1).execute();
      const items = rows.slice(0, limit).map(toObservationRecord);
      return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
    },

    async partitionStatus(assetKey) {
      // One row back: every key joined by a unit separator (100,000 partitions cost one string, not 100,000 rows;
      // no ORDER BY: sorting text costs more than the read), plus the few failed / in-progress ones, read through
      // the partial index, each prefixed by its state digit. Every other partition is materialized.
      const query = sql<{ keys: string | null; n: number; unfinished: string | null }>`select
          string_agg(partition_key, ${SEPARATOR}) as keys,
          count(*) as n,
          (select string_agg(cast(state as text) || partition_key, ${SEPARATOR}) from partition_status
            where asset_key = ${assetKey} and state <> ${sql.raw(String(PARTITION_STATE_CODE.materialized))}) as unfinished
        from partition_status where asset_key = ${assetKey}`.compile(db);
      const [row] = await cap.selectArrays(db, query);
      const n = Number(row?.[1] ?? 0);
      if (!row || n === 0) return { keys: [], states: [] };
      const keys = String(row[0]).split(SEPARATOR);
      if (keys.length !== n) throw new Error(`partition keys of "${assetKey}" contain the reserved separator U+001F`);
      const states = new Array<PartitionState>(n).fill('materialized');
      if (row[2] != null) {
        const unfinished = new Map<string, PartitionState>();
        for (const entry of String(row[2]).split(SEPARATOR)) unfinished.set(entry.slice(1), PARTITION_STATE_BY_CODE[entry.charCodeAt(0) - 48] as PartitionState);
        for (let i = 0; i < n && unfinished.size > 0; i++) {
          const state = unfinished.get(keys[i]!);
          if (state !== undefined) {
            states[i] = state;
            unfinished.delete(keys[i]!);
          }
        }
      }
      return { keys, states };
    },

    upstreamMaterializationIds: (ids) => edges(ids, 'materialization_id', 'upstream_id'),
    downstreamMaterializationIds: (ids) => edges(ids, 'upstream_id', 'materialization_id'),

    loadStateSnapshot: (options) => snapshots.load(options),
  };
}
