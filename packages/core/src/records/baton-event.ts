import type { RunPartitionTarget } from './run-record';
import type { ProvenanceEntry } from './materialization-record';

/** Fields every stored event has. `seq` is assigned by storage, increasing per database. */
interface EventBase {
  readonly runId: string | null;
  readonly stepKey?: string | null;
  /** Epoch ms. */
  readonly timestamp: number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Everything that happens, as an append-only log. Storage appends these and keeps its
 * derived tables (runs, steps, latest materialization, partition status) in step with
 * them inside the same transaction; the runner's reducer replays the same events.
 */
export type BatonEvent =
  | (EventBase & { readonly type: 'RUN_QUEUED'; readonly assetKeys: readonly string[]; readonly partition: RunPartitionTarget })
  /** A process claimed the run (`owner`: the claimer; absent in logs written before claims named it). */
  | (EventBase & { readonly type: 'RUN_STARTING'; readonly owner?: string })
  /**
   * The run started executing under `owner`. `claimedBy`: the claim it starts under (the claimer's
   * owner): storage refuses the start (RUN_STATE_CONFLICT, nothing written) once the run is no longer
   * starting under that claim — it was requeued, and maybe claimed by another process, meanwhile.
   */
  | (EventBase & { readonly type: 'RUN_STARTED'; readonly owner: string; readonly claimedBy?: string })
  /**
   * A run claimed (`starting`) whose claimer stopped before starting anything (killed between its
   * claim and its start) goes back to the queue, for another process to claim: `owner` is the claim
   * taken back (storage refuses the requeue unless the run is still starting under it).
   */
  | (EventBase & { readonly type: 'RUN_REQUEUED'; readonly owner: string | null; readonly reason: string })
  | (EventBase & { readonly type: 'RUN_SUCCESS' })
  | (EventBase & { readonly type: 'RUN_FAILURE'; readonly error: string })
  | (EventBase & { readonly type: 'RUN_CANCELING' })
  | (EventBase & { readonly type: 'RUN_CANCELED' })
  | (EventBase & {
      readonly type: 'STEP_STARTED';
      readonly stepKey: string;
      readonly assetKeys: readonly string[];
      readonly partitionKeys: readonly string[];
      readonly attempt: number;
    })
  | (EventBase & { readonly type: 'STEP_SUCCESS'; readonly stepKey: string; readonly durationMs: number })
  | (EventBase & {
      readonly type: 'STEP_FAILURE';
      readonly stepKey: string;
      readonly error: string;
      readonly attempt: number;
      /** Partitions of this step that failed (all of the step's partitions when absent). */
      readonly partitionKeys?: readonly string[];
      /** True when another attempt will follow. */
      readonly willRetry: boolean;
    })
  | (EventBase & { readonly type: 'STEP_SKIPPED'; readonly stepKey: string; readonly reason: string })
  | (EventBase & { readonly type: 'LOG'; readonly level: LogLevel; readonly message: string; readonly fields?: Readonly<Record<string, unknown>> })
  | (EventBase & {
      readonly type: 'MATERIALIZATION';
      readonly assetKey: string;
      readonly partitionKey: string | null;
      readonly dataVersion: string;
      readonly codeVersion: string;
      readonly metadata: Readonly<Record<string, unknown>>;
      readonly provenance: readonly ProvenanceEntry[];
    })
  | (EventBase & {
      readonly type: 'OBSERVATION';
      readonly assetKey: string;
      readonly partitionKey: string | null;
      readonly dataVersion: string;
      readonly metadata: Readonly<Record<string, unknown>>;
    })
  | (EventBase & {
      readonly type: 'CHECK_RESULT';
      readonly assetKey: string;
      readonly partitionKey: string | null;
      readonly checkName: string;
      readonly passed: boolean;
      readonly severity: 'warn' | 'error';
      readonly metadata: Readonly<Record<string, unknown>>;
      /** True for a blocking check: failing with severity error, it stopped the asset's downstream steps. */
      readonly blocking?: boolean;
    });

export type BatonEventType = BatonEvent['type'];

/** An event as stored, with its storage sequence number. */
export type StoredEvent = BatonEvent & { readonly seq: string };
