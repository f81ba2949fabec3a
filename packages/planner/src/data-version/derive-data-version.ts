import { stableHash } from '@baton/core';

/** One input data version: which upstream (and partition) had which data version when it was read. */
export interface InputDataVersion {
  readonly assetKey: string;
  /** null (or absent) for unpartitioned upstreams. */
  readonly partitionKey?: string | null;
  readonly dataVersion: string;
}

/**
 * The data version of a materialization whose asset did not report its own: a stable hash of the
 * code version and the input data versions, independent of the order inputs are listed in.
 * Same code + same input versions → same data version, so reverting an input restores the old version.
 * `ProvenanceEntry[]` can be passed as is.
 *
 * @example
 * deriveDataVersion('v1', [{ assetKey: 'raw/orders', partitionKey: null, dataVersion: 'abc' }]) // '3f…' (32 hex chars)
 */
export function deriveDataVersion(codeVersion: string, inputDataVersions: readonly InputDataVersion[]): string {
  const parts = inputDataVersions.map((i) => JSON.stringify([i.assetKey, i.partitionKey ?? null, i.dataVersion]));
  parts.sort();
  const text = JSON.stringify(codeVersion) + '|' + parts.join(',');
  // core's 64-bit hash under two seeds: 128 bits, as data versions are compared across a whole history
  return stableHash(text) + stableHash(text, 0x9e3779b9);
}
