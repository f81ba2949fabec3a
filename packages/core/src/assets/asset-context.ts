import type { TimeWindow } from '../partitions/partitions-definition';

/** Structured logger handed to asset functions; every call becomes a stored log event. */
export interface AssetLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * What an asset function receives besides its inputs. Declared here, implemented by the runner.
 */
export interface AssetContext<TConfig = unknown, TResources = unknown> {
  readonly assetKey: string;
  readonly runId: string;
  /** The partition key, when the step materializes exactly one partition. */
  readonly partitionKey: string | undefined;
  /** Every partition key this step materializes (one for per-partition runs, several for ranged runs). */
  readonly partitionKeys: readonly string[];
  /** The time window covered by the step, for time-partitioned assets (the union of windows for ranges). */
  readonly timeWindow: TimeWindow | undefined;
  /** For multi-dimensional partitions: the key's parts by dimension name. */
  readonly partitionDimensions: Readonly<Record<string, string>> | undefined;
  readonly config: TConfig;
  readonly resources: TResources;
  readonly log: AssetLogger;
  /** Aborted when the run is canceled or the step times out. */
  readonly signal: AbortSignal;
  /** Which attempt this is, starting at 1. */
  readonly attempt: number;
  /** Attach metadata to the materialization (row counts, urls, previews). */
  addMetadata(metadata: Record<string, unknown>): void;
  /** Report the data version of the value produced instead of the derived one. */
  reportDataVersion(version: string): void;
}
