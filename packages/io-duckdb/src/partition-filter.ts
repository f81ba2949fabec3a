import { partitionColumns, type IOContext } from '@baton/core';
import { listValue } from '@duckdb/node-api';
import { quoteIdent } from './duckdb-types';

/**
 * The SQL of an asset's partition columns: the key expression (the dimensions joined by '|', which
 * is how multi-partition keys are spelled), the `exclude (…)` clause that hides them from readers,
 * and a filter on a list of keys bound as one parameter.
 */
export function partitionSql(ctx: Pick<IOContext, 'partitions'>) {
  const columns = partitionColumns(ctx.partitions);
  const names = columns.columns.map((c) => quoteIdent(c.name));
  const keyExpr = names.length === 0 ? undefined : names.length === 1 ? names[0]! : `concat_ws('|', ${names.join(', ')})`;
  return {
    columns,
    keyExpr,
    /** The select list: `* exclude (…)` (or `*`), after the key as `__baton_partition` when `withKey`. */
    select(withKey?: boolean): string {
      const star = names.length === 0 ? '*' : `* exclude (${names.join(', ')})`;
      return withKey ? `${keyExpr ?? "''"} as __baton_partition, ${star}` : star;
    },
    /** `where <key> in <keys>` (bound), or '' when unpartitioned. */
    filter(keys: readonly (string | null)[], bind: (value: unknown) => string): string {
      if (!keyExpr) return '';
      return ` where list_contains(${bind(listValue(keys.filter((k): k is string => k !== null)))}, ${keyExpr})`;
    },
  };
}
