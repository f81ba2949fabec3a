import type { BatonEvent } from '../records/baton-event';
import type { RunRecord, StepRecord } from '../records/run-record';

/** One step of a distributed run, for a worker to execute. A queue holds at most one per (run, step) while it waits or runs. */
export interface StepJob {
  readonly runId: string;
  readonly stepKey: string;
}

/** What a run transition decided: events to append and step jobs to enqueue, committed together. */
export interface RunTransition {
  readonly events: readonly BatonEvent[];
  readonly jobs: readonly StepJob[];
}

/** Statements inside one open storage transaction: what a queue's `enqueue` writes with. */
export interface TransactionSql {
  query(text: string, values?: readonly unknown[]): Promise<{ readonly rows: readonly Record<string, unknown>[] }>;
}

/**
 * How a queue adds step jobs inside the storage's transaction, so they commit (and become visible to
 * workers) with the run's events, or not at all: a step is never enqueued without its run's transition,
 * nor recorded as unblocked without its job.
 */
export interface TransactionalEnqueue {
  /** The database the queue lives in: the storage's transaction must be on the same one. */
  readonly dialect: 'postgres';
  /** Adds `jobs` (deduplicated: a job for a step already waiting or running is not added again). */
  enqueue(tx: TransactionSql, jobs: readonly StepJob[]): Promise<void>;
}

/**
 * What `transitionRun` read of a run's steps: every stored step, or (`partial`, when the caller named the
 * steps it needs) only those, with counts over all of them so that "was this the run's last step?" needs
 * no other row.
 */
export interface RunStepsView {
  /** True when `steps` holds only the steps named (those stored); false when it holds every stored step. */
  readonly partial: boolean;
  /** Stored steps of the run that ended (success, failure, skipped, canceled). */
  readonly terminal: number;
  /** Stored steps of the run that failed or were canceled. */
  readonly failed: number;
}

/**
 * A run transition's decision from the run and its steps (see `RunTransitions`). With a partial view it
 * may return null: it needs every step, and is called again with all of them in the same transaction.
 */
export type DecideRunTransition = (run: RunRecord | undefined, steps: readonly StepRecord[], view: RunStepsView) => RunTransition | null;

/** A storage role (PostgreSQL): run transitions that enqueue step jobs in the same transaction. */
export interface RunTransitions {
  /**
   * Under an exclusive per-run lock, reads the run (with `plan: null`) and its steps, lets `decide`
   * compute events and jobs from them, then appends the events and lets `queue` enqueue the jobs, in
   * ONE transaction. Concurrent callers for the same run are serialised, each seeing what the previous
   * committed: exactly one of two workers finishing the last steps sees the run complete. Returns
   * what `decide` returned.
   *
   * With `steps`, only those steps are read (a step's end needs itself, its dependents and their
   * upstreams, not the run's thousands of others): `decide` gets a partial view, and when it returns
   * null it is called again with every step. Without, every step is read.
   */
  transitionRun(runId: string, decide: DecideRunTransition, queue: TransactionalEnqueue, steps?: readonly string[]): Promise<RunTransition>;
}

/** What a sweep of dead workers did. */
export interface SweepResult {
  /** The queue engine's ids whose held jobs went back to the queue (their worker stopped beating). */
  readonly unlockedWorkerIds: readonly string[];
  /** Workers whose registry row was removed. */
  readonly deadWorkers: readonly string[];
}

export interface JobConsumerOptions {
  /** Names this worker in the queue's worker registry. */
  readonly workerId: string;
  /** Jobs handled at once. */
  readonly concurrency: number;
  /** The queue's safety poll (ms), where it has one; new jobs should arrive without it. */
  readonly pollMs?: number;
  /**
   * Executes one job. Rejecting hands it back to the queue, to be delivered again (storage failure,
   * worker shutdown). `delivery` counts how many times the queue handed this job out (1 the first time).
   */
  readonly handle: (job: StepJob, signal: AbortSignal, delivery: number) => Promise<void>;
  /** The consumer stopped by itself and will not restart (e.g. the queue's tables are newer than it supports). */
  readonly onFatal?: (error: Error) => void;
}

/** A running consumer of step jobs, registered in the queue's worker registry. */
export interface JobConsumer {
  readonly workerId: string;
  /** Records (in the registry) that this worker is alive. */
  beat(): Promise<void>;
  /** Gives the jobs held by workers silent for `staleAfterMs` back to the queue, and forgets those workers. */
  sweep(staleAfterMs: number): Promise<SweepResult>;
  /** Stops taking jobs, lets running ones finish (or hands them back), leaves the registry. */
  stop(): Promise<void>;
}

/**
 * The job queue of scale-out: where distributed runs' step jobs wait for `baton worker` processes.
 * Implemented by `@baton/queue-graphile` (graphile-worker on PostgreSQL); wired in by composition roots.
 */
export interface JobQueue extends TransactionalEnqueue {
  /** The owner recorded on runs handed to this queue: every worker on it heartbeats them under this name. */
  readonly owner: string;
  /** Names the queue in messages, e.g. `graphile-worker queue "graphile_worker"`. */
  readonly description: string;
  /** Installs or upgrades the queue's tables (idempotent; safe from several processes at once). */
  prepare(): Promise<void>;
  /** Starts taking jobs (after `prepare`). */
  consume(options: JobConsumerOptions): Promise<JobConsumer>;
  /** Runs that have a step job waiting or running (not given up): alive while any worker is. */
  runsWithJobs(): Promise<string[]>;
  /** Releases the queue's connections. */
  close(): Promise<void>;
}
