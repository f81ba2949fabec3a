import type { z } from 'zod';
import { BatonError } from '../errors/baton-error';
import type { AssetDefinition } from '../assets/asset-definition';
import { normalizeCommon, normalizeExecution, type CommonAssetOptions } from '../assets/asset-options';
import { dep, type DepArg } from '../assets/input';
import { stableHash } from '../assets/stable-hash';
import { isMultiPartitions } from '../partitions/multi-partitions';
import type { PartitionsDefinition } from '../partitions/partitions-definition';
import { isTimeWindowPartitions } from '../partitions/time-window-partitions';
import { isOutputSchema, type OutputSchema } from '../quality/output-schema';
import type { RetryPolicy } from '../assets/retry-policy';
import { normalizeSql } from './render-sql';
import { sql as sqlTag, type SqlQuery } from './sql';

/** Options of `sqlAsset()`. */
export interface SqlAssetOptions<TOutputSchema> extends CommonAssetOptions {
  /** Key of the IO manager that runs the SQL and stores the result (one with `executeSql`: DuckDB, PostgreSQL). Its upstreams must live there too. */
  readonly engine: string;
  /** The query, written with the `sql` tag; its `${upstream}` interpolations are the asset's dependencies. */
  readonly sql: SqlQuery;
  readonly partitions?: PartitionsDefinition;
  /** Optional zod schema of a result row's array: types the asset for downstream TypeScript assets (not validated: rows never pass through Node). */
  readonly output?: TOutputSchema;
  /** Dependencies the SQL does not name (ordering and staleness only). */
  readonly deps?: readonly DepArg[];
  readonly retry?: Partial<RetryPolicy>;
  readonly timeoutMs?: number;
  readonly pool?: string;
}

/** A result row of a SQL asset without an output schema. */
export type SqlRow = Readonly<Record<string, unknown>>;

function invalid(assetKey: string, what: string, hint: string): never {
  throw new BatonError('INVALID_DEFINITION', `SQL asset "${assetKey}": ${what}`, { hint, details: { assetKey } });
}

/**
 * Declares an asset computed by a SQL query inside its engine's IO manager: rows never pass through
 * Node. Lineage comes from the query's `${upstream}` interpolations (typed: only assets that store
 * rows fit), the code version from the normalised SQL text, and a partitioned asset gets its
 * partition as query parameters (`sql.partitionKey`, `sql.windowStart`, `sql.windowEnd`,
 * `sql.dimension(name)`). The engine writes the result into the asset's table for that partition.
 *
 * @example
 * const revenue = sqlAsset({
 *   key: 'marts/revenue_by_region',
 *   engine: 'duckdb',
 *   partitions: daily,
 *   sql: sql`select region, sum(amount) as amount from ${orders} where day = ${sql.partitionKey} group by 1`,
 * });
 */
export function sqlAsset<TOutputSchema extends z.ZodType>(options: SqlAssetOptions<TOutputSchema> & { readonly output: TOutputSchema }): AssetDefinition<z.output<TOutputSchema>, undefined, {}>;
export function sqlAsset(options: SqlAssetOptions<undefined>): AssetDefinition<SqlRow[], undefined, {}>;
export function sqlAsset(options: SqlAssetOptions<unknown>): AssetDefinition<unknown, undefined, {}> {
  if (typeof options !== 'object' || options === null) {
    throw new BatonError('INVALID_DEFINITION', 'sqlAsset() needs an options object', { hint: 'e.g. sqlAsset({ key: "marts/x", engine: "duckdb", sql: sql`select …` })' });
  }
  const common = normalizeCommon(options);
  const key = common.key;
  if (typeof options.engine !== 'string' || options.engine.length === 0) invalid(key, 'engine must be the key of an IO manager', 'e.g. engine: "duckdb", with ioManagers: { duckdb: duckdbIOManager(...) } in definitions()');
  if (!sqlTag.is(options.sql)) invalid(key, 'sql must be written with the sql tag', 'e.g. sql: sql`select * from ${orders}`');
  if ('compute' in options) invalid(key, 'a SQL asset has no compute function', 'use asset() for a TypeScript function, sqlAsset() for a query');
  if (options.output !== undefined && !isOutputSchema(options.output)) invalid(key, 'output must be a zod schema', 'e.g. output: z.array(z.object({ region: z.string() }))');
  const partitions = options.partitions;
  for (const part of options.sql.parts) {
    if (part.kind !== 'parameter') continue;
    if (!partitions) invalid(key, `the SQL uses a partition binding (${part.name}) but the asset is not partitioned`, 'give the asset partitions, or remove the binding');
    if ((part.name === 'windowStart' || part.name === 'windowEnd') && !isTimeWindowPartitions(partitions)) {
      invalid(key, `sql.${part.name} needs time-window partitions (hourly, daily, …)`, 'use sql.partitionKey or sql.dimension(name) for other partitions');
    }
    if (part.name.startsWith('dimension:')) {
      const dim = part.name.slice('dimension:'.length);
      if (!isMultiPartitions(partitions) || !partitions.dimensions.some((d) => d.name === dim)) {
        invalid(key, `sql.dimension('${dim}') names no dimension of the asset's partitions`, isMultiPartitions(partitions) ? `dimensions: ${partitions.dimensions.map((d) => d.name).join(', ')}` : 'dimensions exist on multiPartitions({...}) only');
      }
    }
  }
  const relationDeps = options.sql.relations.map((r) => dep(r.assetKey, { mapping: r.mapping }));
  const execution = normalizeExecution(key, { ...options, ioManager: options.engine, ins: undefined, deps: [...relationDeps, ...(options.deps ?? [])] });
  const text = normalizeSql(options.sql);
  const explicit = options.codeVersion !== undefined;
  const definition: AssetDefinition<unknown, undefined, {}> = {
    kind: 'AssetDefinition',
    role: 'materializable',
    ...common,
    kinds: common.kinds.length > 0 ? common.kinds : Object.freeze(['sql']),
    codeVersion: explicit ? options.codeVersion! : stableHash(['sql', text, partitions?.id ?? ''].join('\u0000')),
    codeVersionSource: explicit ? 'explicit' : 'derived',
    ...execution,
    compute: () => {
      throw new BatonError('INVALID_DEFINITION', `SQL asset "${key}" runs inside its engine ("${options.engine}"), not as a function`, {
        hint: 'materialize it through the runner, whose IO manager executes the SQL',
        details: { assetKey: key },
      });
    },
    outputSchema: options.output as OutputSchema | undefined,
    sql: options.sql,
    observe: undefined,
    multi: undefined,
  };
  return Object.freeze(definition);
}
