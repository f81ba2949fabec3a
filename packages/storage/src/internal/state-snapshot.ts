import type { AssetStateSnapshot, BatonStorage, MaterializationRecord, ObservationRecord, StateSnapshot } from '@baton/core';
import { sql, type Kysely } from 'kysely';
import { byKeys } from './chunk';
import { compiledOnce } from './compiled-once';
import { decodeDurations } from './duration-ring';
import { LayeredMap } from './layered-map';
import type { DialectCapabilities } from './dialect-capabilities';
import { arrayToMaterializationRecord, MATERIALIZATION_ARRAY_COLUMNS, toObservationRecord, toPartitionColumn } from './row-mappers';
import { PARTITION_STATE_CODE } from './schema';
import type { Database, ObservationsTable } from './schema';

type LoadOptions = NonNullable<Parameters<BatonStorage['loadStateSnapshot']>[0]>;

interface AssetState {
  /** A `Map` when read whole, a `LayeredMap` once changed: a change never copies the partitions it does not touch. */
  latest: ReadonlyMap<string, MaterializationRecord>;
  observations: ReadonlyMap<string, ObservationRecord>;
  failed: Set<string>;
  inProgress: Set<string>;
  recentDurationsMs: number[];
}

/** Events read per refresh; a longer backlog is cheaper to read whole. */
const REFRESH_EVENTS = 2_000;

/** Event types that change failed / in-progress partitions somewhere (so that set is read again). */
const UNFINISHED_CHANGES: ReadonlySet<string> = new Set(['STEP_STARTED', 'STEP_SUCCESS', 'STEP_FAILURE', 'MATERIALIZATION', 'RUN_FAILURE', 'RUN_CANCELED', 'CHECK_RESULT']);

/**
 * The planner's state snapshot (`loadStateSnapshot`). A snapshot of some assets is read whole. The
 * snapshot of every asset is kept up to date from the event log: read whole the first time, then
 * each load reads, in one statement (`changesAfter`), only the events appended since (with their
 * materializations) and again the sets any event may change without naming them, each bounded by the
 * number of assets or of unfinished partitions, never by the history: failed and in-progress
 * partitions (after events that change them), recent durations (after a step succeeded), dynamic
 * partitions (not in the event log); observations, when any were appended, in a second. A snapshot
 * handed out never changes afterwards: a load copies the assets it changes, their latest
 * materializations and observations as a `LayeredMap` over the ones before (O(√partitions) per
 * change, not a copy of every partition).
 *
 * Appends are serialised in `seq` order on both dialects (`lockEventLog`), so reading `seq > cursor`
 * misses nothing; the cursor is taken before the whole read, so nothing between is lost either.
 *
 * @example
 * const snapshots = stateSnapshots(db, cap, storage);
 * const snapshot = await snapshots.load({ now: Date.now() }); // first: whole; later: what changed
 */
export function stateSnapshots(db: Kysely<Database>, cap: DialectCapabilities, log: Pick<BatonStorage, 'latestEventSeq'>): { load(options?: LoadOptions): Promise<StateSnapshot> } {
  const materializationColumns = [
    ...MATERIALIZATION_ARRAY_COLUMNS.map((c) => `m.${c}` as const),
    sql<string>`'[' || m.metadata || ',' || m.provenance || ']'`.as('metadata_provenance'),
  ];
  const dialect = cap.name;

  // --- the reads, each for the given assets or (undefined) all of them ---
  const latest = async (keys: string[] | undefined) => {
    const q = compiledOnce(`${dialect}|snapshot-latest|${keys?.length ?? 'all'}`, keys ?? [], () => {
      const base = db.selectFrom('partition_status as l').innerJoin('materializations as m', 'm.id', 'l.materialization_id').select(materializationColumns);
      return keys ? base.where('l.asset_key', 'in', keys) : base;
    });
    return (await cap.selectArrays(db, q)).map(arrayToMaterializationRecord);
  };
  const observations = async (keys: string[] | undefined) => {
    const q = compiledOnce(`${dialect}|snapshot-observations|${keys?.length ?? 'all'}`, keys ?? [], () => {
      const base = db.selectFrom('latest_observations as l').innerJoin('observations as o', 'o.id', 'l.observation_id').selectAll('o');
      return (keys ? base.where('l.asset_key', 'in', keys) : base).orderBy('o.id');
    });
    return (await db.executeQuery<ObservationsTable>(q)).rows;
  };
  // failed / in progress (a partial index holds only these; its predicate is a literal, not a parameter, so
  // PostgreSQL's generic plans can use the index), and, as failed, a failed blocking check (severity error) on
  // a partition's latest result, which counts as a failed materialization: one statement
  const unfinished = async (keys: string[] | undefined) => {
    const q = compiledOnce(`${dialect}|snapshot-unfinished|${keys?.length ?? 'all'}`, keys ? [...keys, ...keys] : [], () => {
      const statuses = db.selectFrom('partition_status').select(['asset_key', 'partition_key', 'state']).where('state', '<>', sql.lit(PARTITION_STATE_CODE.materialized));
      const checks = db
        .selectFrom('latest_check_results as l')
        .innerJoin('check_results as c', 'c.id', 'l.check_result_id')
        .select(['c.asset_key', 'c.partition_key', sql.lit(PARTITION_STATE_CODE.failed).as('state')])
        .where('c.passed', '=', sql.lit(0))
        .where('c.blocking', '=', sql.lit(1))
        .where('c.severity', '=', sql.lit('error'));
      return keys ? statuses.where('asset_key', 'in', keys).unionAll(checks.where('l.asset_key', 'in', keys)) : statuses.unionAll(checks);
    });
    return (await db.executeQuery<{ asset_key: string; partition_key: string; state: number }>(q)).rows;
  };
  const durations = async (keys: string[] | undefined) => {
    const q = compiledOnce(`${dialect}|snapshot-durations|${keys?.length ?? 'all'}`, keys ?? [], () => {
      const base = db.selectFrom('asset_durations').select(['asset_key', 'recent']);
      return keys ? base.where('asset_key', 'in', keys) : base;
    });
    return (await db.executeQuery<{ asset_key: string; recent: string }>(q)).rows;
  };
  const dynamicPartitions = async () => {
    const q = compiledOnce(`${dialect}|snapshot-dynamic`, [], () => db.selectFrom('dynamic_partitions').select(['name', 'partition_key']).orderBy('id'));
    return dynamicFrom((await db.executeQuery<{ name: string; partition_key: string }>(q)).rows);
  };
  /**
   * Everything a kept snapshot needs after event `seq`, in one statement (one consistent read): the events after it,
   * up to `seq + REFRESH_EVENTS` (their seq and type, and a materialization's record), the last seq, and, when those
   * events may have changed them, the failed / in-progress partitions and the durations; the dynamic partitions always.
   * Rows are `[part, …]`: 0 an event `[seq, type, …materialization]`, 1 an unfinished partition `[state, _, _, asset,
   * partition]`, 2 durations `[_, _, _, asset, _ ×6, recent]`, 3 a dynamic partition `[id, _, _, name, key]`, 4 `[last seq]`.
   * No ORDER BY or LIMIT (a seq range instead: SQLite ran the ordered, limited read of 7 events in twice the time of
   * this whole statement); the caller orders what needs it.
   */
  const changesAfter = async (seq: number) => {
    const q = compiledOnce(`${dialect}|snapshot-changes-after`, [seq, seq + REFRESH_EVENTS, seq, seq, seq], () => {
      // `"type" || ''`: never an index on type (SQLite built an automatic one over the whole log for `type = ?`)
      const changes = (types: readonly string[]) => sql`exists (select 1 from "events" where "seq" > ${seq} and ("type" || '') in (${sql.join(types.map((t) => sql.lit(t)))}))`;
      const unfinishedWhen = changes([...UNFINISHED_CHANGES]);
      const nulls = (n: number) => sql.raw(new Array<string>(n).fill('null').join(', '));
      const query = sql`select 0 as "part", "e"."seq", "e"."type", ${sql.join(materializationColumns.slice(0, -1).map((c) => sql.ref(c as string)))}, '[' || "m"."metadata" || ',' || "m"."provenance" || ']' as "metadata_provenance"
          from "events" as "e" left join "materializations" as "m" on "m"."id" = "e"."seq" where "e"."seq" > ${seq} and "e"."seq" <= ${seq + REFRESH_EVENTS}
        union all select 1, "state", ${nulls(2)}, "asset_key", "partition_key", ${nulls(6)} from "partition_status"
          where "state" <> ${sql.lit(PARTITION_STATE_CODE.materialized)} and ${unfinishedWhen}
        union all select 1, ${sql.lit(PARTITION_STATE_CODE.failed)}, ${nulls(2)}, "c"."asset_key", "c"."partition_key", ${nulls(6)}
          from "latest_check_results" as "l" inner join "check_results" as "c" on "c"."id" = "l"."check_result_id"
          where "c"."passed" = ${sql.lit(0)} and "c"."blocking" = ${sql.lit(1)} and "c"."severity" = ${sql.lit('error')} and ${unfinishedWhen}
        union all select 2, ${nulls(3)}, "asset_key", ${nulls(6)}, "recent" from "asset_durations" where ${changes(['STEP_SUCCESS'])}
        union all select 3, "id", ${nulls(2)}, "name", "partition_key", ${nulls(6)} from "dynamic_partitions"
        union all select 4, max("seq"), ${nulls(10)} from "events"`;
      return { compile: () => query.compile(db) };
    });
    return cap.selectArrays(db, q);
  };

  const observationsBetween = async (after: number, upTo: number) => {
    const q = compiledOnce(`${dialect}|snapshot-observations-between`, [after, upTo], () => db.selectFrom('observations').selectAll().where('id', '>', after).where('id', '<=', upTo).orderBy('id'));
    return (await db.executeQuery<ObservationsTable>(q)).rows;
  };

  const empty = (): AssetState => ({ latest: new Map(), observations: new Map(), failed: new Set(), inProgress: new Set(), recentDurationsMs: [] });
  const addUnfinished = (state: (key: string) => AssetState, rows: readonly { asset_key: string; partition_key: string; state: number }[]) => {
    for (const r of rows) {
      const a = state(r.asset_key);
      (Number(r.state) === PARTITION_STATE_CODE.failed ? a.failed : a.inProgress).add(r.partition_key);
    }
  };

  /** A whole read, of the given assets or all of them. */
  const readWhole = async (keys: readonly string[] | undefined, perAsset: number): Promise<Map<string, AssetState>> => {
    const assets = new Map<string, AssetState>();
    const asset = (key: string) => {
      let a = assets.get(key);
      if (!a) assets.set(key, (a = empty()));
      return a;
    };
    for (const r of await byKeys(keys, latest)) (asset(r.assetKey).latest as Map<string, MaterializationRecord>).set(toPartitionColumn(r.partitionKey), r);
    for (const r of await byKeys(keys, observations)) (asset(r.asset_key).observations as Map<string, ObservationRecord>).set(r.partition_key, toObservationRecord(r));
    addUnfinished(asset, await byKeys(keys, unfinished));
    for (const r of await byKeys(keys, durations)) asset(r.asset_key).recentDurationsMs.push(...decodeDurations(r.recent, perAsset));
    return assets;
  };

  // the snapshot of every asset, as of event `seq`
  let kept: { seq: number; perAsset: number; assets: Map<string, AssetState> } | undefined;
  let refreshing: Promise<unknown> = Promise.resolve();

  /** Brings `kept` up to date, with the dynamic partitions as of then; reads whole when there is none, or the backlog is long. */
  const refresh = async (perAsset: number): Promise<{ assets: Map<string, AssetState>; dynamic: Map<string, string[]> }> => {
    if (kept && kept.perAsset === perAsset) {
      const rows = await changesAfter(kept.seq);
      const parts: unknown[][][] = [[], [], [], [], []];
      for (const row of rows) parts[Number(row[0])]!.push(row);
      const [events, unfinishedRows, durationRows, dynamicRows, [last]] = parts as [unknown[][], unknown[][], unknown[][], unknown[][], unknown[][]];
      if (Number(last?.[1] ?? 0) <= kept.seq + REFRESH_EVENTS) {
        inOrder(events); // by seq
        const dynamic = dynamicFrom(inOrder(dynamicRows).map((r) => ({ name: r[4] as string, partition_key: r[5] as string })));
        if (events.length === 0) return { assets: kept.assets, dynamic };
        const unfinishedNow = unfinishedRows.map((r) => ({ asset_key: r[4] as string, partition_key: r[5] as string, state: Number(r[1]) }));
        const durationsNow = durationRows.map((r) => ({ asset_key: r[4] as string, recent: r[11] as string }));
        return { assets: await apply(kept, events, unfinishedNow, durationsNow, perAsset), dynamic };
      }
    }
    const seq = Number((await log.latestEventSeq()) ?? 0); // before the read: what lands meanwhile is read again next time
    kept = { seq, perAsset, assets: await readWhole(undefined, perAsset) };
    return { assets: kept.assets, dynamic: await dynamicPartitions() };
  };

  /**
   * The assets after `rows` (events after `from.seq`, as `changesAfter` reads them), copying only the assets they
   * change; `unfinishedNow` and `durationsNow` are those sets as read with the events (read when the events may change them).
   */
  const apply = async (
    from: NonNullable<typeof kept>,
    rows: readonly unknown[][],
    unfinishedNow: readonly { asset_key: string; partition_key: string; state: number }[],
    durationsNow: readonly { asset_key: string; recent: string }[],
    perAsset: number,
  ): Promise<Map<string, AssetState>> => {
    const upTo = Number(rows[rows.length - 1]![1]);
    const assets = new Map(from.assets);
    const copied = new Set<string>();
    // the latest materializations and observations of the assets changed, layered on the ones before when all is done
    const latestSet = new Map<string, [string, MaterializationRecord][]>();
    const observationsSet = new Map<string, [string, ObservationRecord][]>();
    // methods, not arrow functions bound to names: under tsx (esbuild's keepNames) each costs an
    // `Object.defineProperty` of its name per load
    const changes = {
      writable(key: string): AssetState {
        if (copied.has(key)) return assets.get(key)!;
        copied.add(key);
        const before = assets.get(key);
        const copy = before
          ? { latest: before.latest, observations: before.observations, failed: new Set(before.failed), inProgress: new Set(before.inProgress), recentDurationsMs: [...before.recentDurationsMs] }
          : empty();
        assets.set(key, copy);
        return copy;
      },
      setIn<V>(sets: Map<string, [string, V][]>, assetKey: string, partition: string, value: V): void {
        changes.writable(assetKey);
        const list = sets.get(assetKey);
        if (list) list.push([partition, value]);
        else sets.set(assetKey, [[partition, value]]);
      },
    };
    const types = new Set<string>();
    for (const row of rows) {
      types.add(row[2] as string);
      if (row[2] === 'MATERIALIZATION' && row[3] != null) {
        const record = arrayToMaterializationRecord(row.slice(3));
        changes.setIn(latestSet, record.assetKey, toPartitionColumn(record.partitionKey), record);
      }
    }
    if (types.has('OBSERVATION')) {
      for (const r of await observationsBetween(from.seq, upTo)) changes.setIn(observationsSet, r.asset_key, r.partition_key, toObservationRecord(r));
    }
    for (const [key, entries] of latestSet) {
      const a = assets.get(key)!;
      a.latest = LayeredMap.of(a.latest).with(entries);
    }
    for (const [key, entries] of observationsSet) {
      const a = assets.get(key)!;
      a.observations = LayeredMap.of(a.observations).with(entries);
    }
    if ([...types].some((t) => UNFINISHED_CHANGES.has(t))) {
      const now = new Map<string, AssetState>();
      addUnfinished((key) => now.get(key) ?? now.set(key, empty()).get(key)!, unfinishedNow);
      for (const [key, a] of assets) {
        const next = now.get(key);
        if (!sameSet(a.failed, next?.failed) || !sameSet(a.inProgress, next?.inProgress)) {
          const w = changes.writable(key);
          w.failed = new Set(next?.failed);
          w.inProgress = new Set(next?.inProgress);
        }
      }
      for (const [key, next] of now) {
        if (assets.has(key)) continue;
        const w = changes.writable(key);
        w.failed = next.failed;
        w.inProgress = next.inProgress;
      }
    }
    if (types.has('STEP_SUCCESS')) {
      for (const r of durationsNow) {
        const recent = decodeDurations(r.recent, perAsset);
        const before = assets.get(r.asset_key)?.recentDurationsMs;
        if (!before || before.length !== recent.length || before.some((d, i) => d !== recent[i])) changes.writable(r.asset_key).recentDurationsMs = recent;
      }
    }
    kept = { seq: upTo, perAsset, assets };
    return assets;
  };

  return {
    async load(options = {}) {
      const perAsset = options.durationsPerAsset ?? 20;
      let read: { assets: Map<string, AssetState>; dynamic: Map<string, string[]> };
      if (options.assetKeys !== undefined) read = { assets: await readWhole(options.assetKeys, perAsset), dynamic: await dynamicPartitions() };
      else {
        // one refresh at a time: each starts from the one before
        const next = refreshing.then(() => refresh(perAsset));
        refreshing = next.catch(() => {});
        read = await next;
      }
      return { now: options.now ?? Date.now(), assets: read.assets as ReadonlyMap<string, AssetStateSnapshot>, dynamicPartitions: read.dynamic };
    },
  };
}

/** `rows` sorted by their second cell (a seq or id), in place: they usually come sorted already. */
function inOrder(rows: unknown[][]): unknown[][] {
  for (let i = 1; i < rows.length; i++) {
    if (Number(rows[i - 1]![1]) > Number(rows[i]![1])) return rows.sort((a, b) => Number(a[1]) - Number(b[1]));
  }
  return rows;
}

/** Dynamic partition keys by definition name, from rows in id order. */
function dynamicFrom(rows: readonly { name: string; partition_key: string }[]): Map<string, string[]> {
  const dynamic = new Map<string, string[]>();
  for (const r of rows) {
    const list = dynamic.get(r.name);
    if (list) list.push(r.partition_key);
    else dynamic.set(r.name, [r.partition_key]);
  }
  return dynamic;
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string> | undefined): boolean {
  if (!b) return a.size === 0;
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
