import type { BatonEvent, StoredEvent } from '../records/baton-event';
import type { MaterializationRecord, ObservationRecord, PartitionState } from '../records/materialization-record';
import type { RunPartitionTarget, RunRecord, RunStatus, StepRecord } from '../records/run-record';
import type { StateSnapshot } from '../records/state-snapshot';
import type { CheckResultRecord } from '../records/check-result-record';

/** A run to create. Storage assigns `id` when absent and appends its RUN_QUEUED event in the same transaction. */
export interface NewRun {
  readonly id?: string;
  readonly assetKeys: readonly string[];
  readonly partition: RunPartitionTarget;
  readonly tags?: Readonly<Record<string, string>>;
  readonly backfillId?: string | null;
  readonly parentRunId?: string | null;
  readonly priority?: number;
  readonly plan: unknown;
  /**
   * Create the run already claimed by this owner (RUN_QUEUED then RUN_STARTING, in the creating
   * transaction): no other claimer ever sees it queued, and the creator needs no `claimRun`.
   */
  readonly claimedBy?: string;
  /** When the run was created (epoch ms): its `createdAt` and RUN_QUEUED's timestamp. Default: when it is stored. */
  readonly createdAt?: number;
}

/**
 * A lease (`Leases.tryAcquireLock`) a write is fenced by: the write happens only while `owner` still
 * holds `name`, and renews it for `ttlMs` in the same transaction. A holder that stalled (a database
 * outage, a long pause) past its lease, while another process took the lease over, writes nothing.
 */
export interface HeldLease {
  readonly name: string;
  readonly owner: string;
  readonly ttlMs: number;
}

export interface AppendEventsOptions {
  /**
   * Runs to create in the same transaction, before the events, as `createRuns` creates them (each
   * with its `id`): a run is stored with its first events. `executePlan` writes a run it executes
   * with its first batch (at most its flush delay after it began): a run whose steps end within it
   * is stored once, created and ended. The returned seqs are those of `events` only.
   */
  readonly createRuns?: readonly (NewRun & { readonly id: string })[];
}

export interface CreateRunsOptions {
  /** Create the runs only while this lease is held (the backfill driver's `backfill:<id>`); otherwise RUN_STATE_CONFLICT and nothing is created. */
  readonly lease?: HeldLease;
}

export interface RunFilter {
  readonly statuses?: readonly RunStatus[];
  readonly assetKey?: string;
  readonly backfillId?: string;
  readonly createdAfter?: number;
  readonly createdBefore?: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Pass back as `cursor` for the next page; null at the end. */
  readonly nextCursor: string | null;
}

export interface PageRequest {
  readonly cursor?: string | null;
  readonly limit?: number;
}

/**
 * How a run or backfill is read. `withPlan: false` leaves its plan (tens of KB for a big run, megabytes for a
 * backfill of thousands of runs) unread: the record's `plan` is null.
 */
export interface PlanReadOptions {
  readonly withPlan?: boolean;
}

/**
 * Partition states of one asset, columnar so 1,000,000 partitions stay small:
 * `keys[i]` is in state `states[i]`. Partitions never attempted are absent.
 */
export interface PartitionStatusColumns {
  readonly keys: readonly string[];
  readonly states: readonly PartitionState[];
}

export type BackfillStatus = 'requested' | 'canceling' | 'canceled' | 'completed_success' | 'completed_failed' | 'failing';

export interface BackfillRecord {
  readonly id: string;
  readonly status: BackfillStatus;
  /** The backfill request (selection, ranges, reprocess filter, policy, order, max concurrent), as JSON. */
  readonly request: unknown;
  /** The frozen backfill plan, as JSON; null when read with `withPlan: false`. */
  readonly plan: unknown;
  /** Runs in the plan, known without reading it. */
  readonly runCount: number;
  /** Per asset: how many partitions are targeted, done, failed and in progress. */
  readonly progress: Readonly<Record<string, { targeted: number; done: number; failed: number; inProgress: number }>>;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly endedAt: number | null;
}

export interface NewBackfill {
  readonly id?: string;
  readonly request: unknown;
  readonly plan: unknown;
  /** Runs in `plan`. */
  readonly runCount: number;
  readonly progress: BackfillRecord['progress'];
}

/** Persistent state of a schedule or sensor (cursor, running or stopped). */
export interface AutomationState {
  readonly name: string;
  readonly kind: 'schedule' | 'sensor' | 'conditions';
  readonly status: 'running' | 'stopped';
  readonly cursor: string | null;
  readonly updatedAt: number;
}

export interface AutomationTick {
  readonly id?: string;
  readonly name: string;
  readonly timestamp: number;
  readonly status: 'success' | 'skipped' | 'failure';
  readonly runIds: readonly string[];
  /** What was evaluated and why, as JSON. */
  readonly evaluation: unknown;
  readonly error?: string | null;
}

/**
 * Whether the storage's database answers. `unreachable` from the first connection error (refused,
 * reset, timed out) until a probe gets through again; the storage keeps probing with backoff meanwhile.
 */
export interface StorageHealth {
  readonly status: 'ok' | 'unreachable';
  /** When the current status began (epoch ms). */
  readonly since: number;
  /** The last connection error (of the current outage, or of the last one once reachable again). */
  readonly lastError: string | null;
}

/** The event log: appends (with their projections), reads, and change notifications. */
export interface EventLog {
  /**
   * Appends events atomically and updates the runs, steps, materialization and partition-status
   * projections. Returns each event's seq, in order; a MATERIALIZATION's seq is its materialization
   * id (what provenance names), so a writer knows what it wrote without reading it back.
   */
  appendEvents(events: readonly BatonEvent[], options?: AppendEventsOptions): Promise<string[]>;
  /** A run's events after `afterSeq` (exclusive), oldest first. */
  eventsForRun(runId: string, options?: { afterSeq?: string | null; limit?: number }): Promise<StoredEvent[]>;
  /** Events of every run after `afterSeq`, oldest first: how other processes follow along live. */
  eventsAfter(afterSeq: string | null, options?: { limit?: number }): Promise<StoredEvent[]>;
  /** The `seq` of the newest stored event, or null while the log is empty: where a follower starts. */
  latestEventSeq(): Promise<string | null>;
  /**
   * Calls `listener` soon after events are appended, by this process or any other, so followers wake
   * instead of polling: PostgreSQL LISTEN/NOTIFY (a statement trigger on the event log), SQLite a
   * watch of the log's newest seq every few ms while anyone listens. Wake-ups carry nothing and may
   * be coalesced or spurious: read `eventsAfter` / `eventsForRun` to see what changed. Returns the
   * unsubscribe function; the watch stops with the last listener and on `close()`.
   */
  onEventsAppended(listener: () => void): () => void;
}

/** The run queue: runs and steps as the event log's fold left them, claiming and heartbeats. */
export interface RunQueue {
  createRuns(runs: readonly NewRun[], options?: CreateRunsOptions): Promise<RunRecord[]>;
  /** `withPlan: false` leaves the plan unread: `plan` is null (`PlanReadOptions`). */
  getRun(runId: string, options?: PlanReadOptions): Promise<RunRecord | undefined>;
  /** Newest first. `withPlan: false` leaves each run's plan unread (`plan` is null), as `getRun`'s. */
  listRuns(filter?: RunFilter, page?: PageRequest, options?: PlanReadOptions): Promise<Page<RunRecord>>;
  countRuns(filter?: RunFilter): Promise<number>;
  listSteps(runId: string): Promise<StepRecord[]>;
  /**
   * Atomically moves the highest-priority oldest queued run to `starting` and gives it to `owner`,
   * unless `maxConcurrentRuns` runs are already starting/running. Safe across processes.
   */
  claimNextRun(owner: string, options?: { maxConcurrentRuns?: number }): Promise<RunRecord | undefined>;
  /**
   * Atomically moves this run from `queued` to `starting` (RUN_STARTING) and gives it to `owner`;
   * undefined when it is not queued (another process claimed it, or it was canceled). Whoever
   * executes a run claims it first, so a run is executed once. Safe across processes.
   * With `startAt`, the same transaction starts it too (RUN_STARTED at that time, under this claim):
   * it comes back `running`, with no moment between claim and start in which recovery could requeue it.
   */
  claimRun(runId: string, owner: string, options?: { readonly startAt?: number }): Promise<RunRecord | undefined>;
  /** Records that `owner` still executes these runs. */
  heartbeat(runIds: readonly string[], owner: string, now: number): Promise<void>;
  /** Runs starting/running/canceling whose heartbeat is older than `before`. */
  findRunsWithStaleHeartbeat(before: number): Promise<RunRecord[]>;
}

/** Asset state: materializations, observations, partition status, check results, dynamic partitions, and the planner's snapshot. */
export interface AssetState {
  /** The most recent materialization of each asset (any partition), for the given keys or all. One query. */
  latestMaterializations(assetKeys?: readonly string[]): Promise<MaterializationRecord[]>;
  /** The latest materialization of every partition of one asset. */
  latestMaterializationsByPartition(assetKey: string, partitionKeys?: readonly string[]): Promise<MaterializationRecord[]>;
  getMaterialization(id: string): Promise<MaterializationRecord | undefined>;
  getMaterializations(ids: readonly string[]): Promise<MaterializationRecord[]>;
  materializationHistory(assetKey: string, options?: PageRequest & { partitionKey?: string | null }): Promise<Page<MaterializationRecord>>;
  /**
   * Partition-level lineage, one step up: for each materialization id, the ids of the upstream
   * materializations it consumed (from its provenance). Walk repeatedly for deeper lineage.
   */
  upstreamMaterializationIds(ids: readonly string[]): Promise<Record<string, string[]>>;
  /** The reverse edge: for each materialization id, the ids of materializations that consumed it. */
  downstreamMaterializationIds(ids: readonly string[]): Promise<Record<string, string[]>>;
  latestObservations(assetKeys?: readonly string[]): Promise<ObservationRecord[]>;
  /** Observations of one source asset (one partition when given), newest first. */
  observationHistory(assetKey: string, options?: PageRequest & { partitionKey?: string | null }): Promise<Page<ObservationRecord>>;
  partitionStatus(assetKey: string): Promise<PartitionStatusColumns>;
  /** The latest result of every (asset, partition, check), for the given assets or all. One query per chunk of keys. */
  latestCheckResults(assetKeys?: readonly string[]): Promise<CheckResultRecord[]>;
  /** Check results of one asset, newest first, optionally of one check and/or one partition (null: unpartitioned). */
  checkResultHistory(assetKey: string, options?: PageRequest & { checkName?: string; partitionKey?: string | null }): Promise<Page<CheckResultRecord>>;
  /**
   * Reads everything the planner needs for these assets (or all) in a bounded number of queries.
   * A partition whose latest result of a blocking check failed with severity error is in `failed`
   * (it counts as a failed materialization for "materialize stale" and backfill reprocess filters).
   */
  loadStateSnapshot(options?: { assetKeys?: readonly string[]; now?: number; durationsPerAsset?: number }): Promise<StateSnapshot>;

  getDynamicPartitions(name: string): Promise<string[]>;
  addDynamicPartitions(name: string, keys: readonly string[]): Promise<void>;
  deleteDynamicPartitions(name: string, keys: readonly string[]): Promise<void>;
}

/** Backfills and their progress. */
export interface BackfillStore {
  createBackfill(backfill: NewBackfill): Promise<BackfillRecord>;
  /** `withPlan: false` leaves the plan unread: `plan` is null (`PlanReadOptions`). */
  getBackfill(id: string, options?: PlanReadOptions): Promise<BackfillRecord | undefined>;
  /** Newest first; `withPlan: false` as `getBackfill`'s. */
  listBackfills(page?: PageRequest & { statuses?: readonly BackfillStatus[] }, options?: PlanReadOptions): Promise<Page<BackfillRecord>>;
  /**
   * Writes `patch` and answers with the record after it (`withPlan: false`: without its plan). The plan is kept
   * apart from status and progress: an update that leaves it out never rewrites it. A new plan comes with its `runCount`.
   */
  updateBackfill(id: string, patch: Partial<Pick<BackfillRecord, 'status' | 'progress' | 'endedAt' | 'request'>> & { readonly plan?: unknown; readonly runCount?: number }, options?: PlanReadOptions): Promise<BackfillRecord>;
}

/** Schedules', sensors' and conditions' cursors and ticks. */
export interface AutomationStore {
  getAutomationState(name: string): Promise<AutomationState | undefined>;
  listAutomationStates(): Promise<AutomationState[]>;
  setAutomationState(state: AutomationState): Promise<void>;
  addTick(tick: AutomationTick): Promise<void>;
  listTicks(name: string, page?: PageRequest): Promise<Page<AutomationTick & { id: string }>>;
}

/** Concurrency pools: limits and slots, atomic across processes. */
export interface PoolSlots {
  setPoolLimit(pool: string, limit: number): Promise<void>;
  getPoolLimits(): Promise<Record<string, number>>;
  /** Takes a slot of `pool` for (runId, stepKey) if one is free; true when taken. Atomic across processes. */
  claimPoolSlot(pool: string, runId: string, stepKey: string): Promise<boolean>;
  releasePoolSlot(pool: string, runId: string, stepKey: string): Promise<void>;
  /** Frees every slot held by these runs (after cancel or crash). */
  releasePoolSlotsOfRuns(runIds: readonly string[]): Promise<number>;
  poolUsage(): Promise<Record<string, { limit: number; used: number }>>;
}

/** Named leases with an expiry (one automation daemon or backfill driver acts at a time). */
export interface Leases {
  /**
   * Takes or renews the named lease for `owner` until `now + ttlMs`; true when `owner` holds it.
   * Atomic across processes: of several callers, only one holds a live lease.
   */
  tryAcquireLock(name: string, owner: string, ttlMs: number, now?: number): Promise<boolean>;
  /** Gives the lease up early (no-op unless `owner` holds it). */
  releaseLock(name: string, owner: string): Promise<void>;
}

/** Whether the database answers. */
export interface StorageHealthSource {
  /** Whether the database answers, from memory (never waits on the database). An embedded database (SQLite) is always `ok`. */
  health(): StorageHealth;
  /** Called once when the database becomes unreachable and once when it answers again. Returns an unsubscribe. */
  onHealthChange(listener: (health: StorageHealth, previous: StorageHealth) => void): () => void;
}

/**
 * Everything Baton persists: the intersection of the roles. Implemented by `@baton/storage` for SQLite
 * and PostgreSQL; consumers depend on the narrowest role they use. Every method is required: a caller
 * never probes for one. What only one backend offers is a separate role its factory's type names
 * (`RunTransitions`, PostgreSQL).
 *
 * Guarantees every implementation gives (checked by the conformance suite):
 * - `appendEvents` is atomic: all events and their projections, or nothing.
 * - reads the UI needs are a bounded number of indexed statements, never one per asset or partition.
 */
export interface BatonStorage extends EventLog, RunQueue, AssetState, BackfillStore, AutomationStore, PoolSlots, Leases, StorageHealthSource {
  readonly dialect: 'sqlite' | 'postgres';

  /** Deletes log and lifecycle events and automation ticks older than `olderThan` (epoch ms); materializations, observations, partition status and automation cursors stay. Returns rows deleted. */
  prune(olderThan: number): Promise<{ eventsDeleted: number; ticksDeleted: number }>;
  close(): Promise<void>;
}
