import type { CheckOutcome, LogLevel } from '@baton/core';

/** One input of a step attempt: which upstream partitions to load and how to pass them. */
export interface StepInputSpec {
  readonly name: string;
  readonly assetKey: string;
  readonly load: 'one' | 'many';
  /** Upstream partition keys to load (null = the unpartitioned value). */
  readonly partitionKeys: readonly (string | null)[];
  /** The data version of each partition's stored materialization, by position in `partitionKeys` (null when unknown). */
  readonly dataVersions?: readonly (string | null)[];
}

/** Everything needed to run one attempt of a step; plain data so it can cross a process boundary. */
export interface StepRequest {
  readonly runId: string;
  readonly stepKey: string;
  readonly assetKeys: readonly string[];
  readonly partitionKeys: readonly string[];
  readonly attempt: number;
  readonly inputs: readonly StepInputSpec[];
  /** Raw run config per asset key, validated by the asset's schema inside the attempt. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** One asset partition an attempt stored. */
export interface StepOutput {
  readonly assetKey: string;
  readonly partitionKey: string | null;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Set when the asset reported its own data version. */
  readonly reportedDataVersion: string | undefined;
  /** A hash of the stored content (absent when the asset returned nothing or reported a version). */
  readonly contentDataVersion?: string;
  /** Outcomes of the asset's checks on this partition's value, evaluated right after it was written. */
  readonly checks?: readonly CheckOutcome[];
}

/**
 * The result of one attempt. Failures are data: `ok: false` for the whole attempt, or `ok: true`
 * with `failedPartitions` when a ranged step produced only some partitions.
 */
export type StepAttemptOutcome =
  | {
      readonly ok: true;
      readonly outputs: readonly StepOutput[];
      readonly failedPartitions?: { readonly keys: readonly string[]; readonly error: string };
    }
  | {
      readonly ok: false;
      readonly error: string;
      /** False for failures another attempt cannot fix (invalid config, missing definition). */
      readonly retryable: boolean;
    };

export interface StepHooks {
  /** Aborted on cancel or timeout; the attempt should stop promptly. */
  readonly signal: AbortSignal;
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

/**
 * Runs step attempts somewhere: in this process, or in a pool of child processes.
 * The run loop (`executeRun`) owns ordering, events, retries and pools; an executor only runs code.
 */
export interface StepExecutor {
  execute(request: StepRequest, hooks: StepHooks): Promise<StepAttemptOutcome>;
  /**
   * `execute`, answering with the outcome itself when the attempt had nothing to wait for (an
   * executor running code in this process); the runner calls it instead of `execute` when present.
   */
  executeNow?(request: StepRequest, hooks: StepHooks): StepAttemptOutcome | Promise<StepAttemptOutcome>;
  /** Tears down the run's resources wherever they were set up. */
  endRun(runId: string): Promise<void>;
  /** Stops the executor (child processes exit). */
  close(): Promise<void>;
}
