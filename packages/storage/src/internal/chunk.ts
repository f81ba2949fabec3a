import type { DialectCapabilities } from './dialect-capabilities';

/** Splits `items` into arrays of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** How many rows of `columns` bind parameters fit in one statement, with headroom for the rest of it. */
export function rowsPerStatement(cap: DialectCapabilities, columns: number): number {
  return Math.max(1, Math.floor((cap.maxBindParameters - 100) / columns));
}

/** Keys per `IN (...)` list: well under both dialects' limits. */
export const IN_LIST_CHUNK = 10_000;

/**
 * Runs `query` once per chunk of `keys` (or once, unfiltered, when `keys` is undefined) and concatenates:
 * a bounded number of statements regardless of how many assets there are.
 */
export async function byKeys<T>(keys: readonly string[] | undefined, query: (chunk: string[] | undefined) => Promise<T[]>): Promise<T[]> {
  if (keys === undefined) return query(undefined);
  const out: T[] = [];
  for (const part of chunk([...new Set(keys)], IN_LIST_CHUNK)) out.push(...(await query(part)));
  return out;
}
