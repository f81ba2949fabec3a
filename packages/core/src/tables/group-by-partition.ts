/**
 * Splits rows read for many partitions at once (each carrying its key in `__baton_partition`) into
 * one array per requested key, in the order asked for (a key without rows gets an empty array).
 * The key column is removed from the rows.
 *
 * @example
 * groupByPartition([{ __baton_partition: 'a', v: 1 }], ['a', 'b']) // Map { 'a' => [{ v: 1 }], 'b' => [] }
 */
export function groupByPartition(rows: readonly Record<string, unknown>[], partitionKeys: readonly string[]): Map<string, Record<string, unknown>[]> {
  const byKey = new Map<string, Record<string, unknown>[]>(partitionKeys.map((k) => [k, []]));
  for (const row of rows) {
    const key = row.__baton_partition as string;
    delete row.__baton_partition;
    byKey.get(key)?.push(row);
  }
  return byKey;
}
