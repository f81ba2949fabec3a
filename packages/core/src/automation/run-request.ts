import type { AssetSelection } from '../selection/asset-selection';

/** What a schedule or sensor asks to run: a selection (text syntax or AssetSelection) and, optionally, partitions. */
export interface RunRequest {
  /** Assets to materialize: selection text (`'key:raw/*'`, `'raw/orders'`) or an AssetSelection. */
  readonly target: string | AssetSelection;
  /** Partition keys to materialize (every selected asset must have them); absent for unpartitioned targets. */
  readonly partitionKeys?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
  /** Deduplication key: a sensor never launches two requests with the same run key. */
  readonly runKey?: string;
}

/** A selection as serialisable text. */
export const selectionText = (target: string | AssetSelection): string => (typeof target === 'string' ? target : target.toString());
