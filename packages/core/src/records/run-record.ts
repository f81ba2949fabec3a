/** Run lifecycle: queued → starting → running → success | failure; canceling → canceled; starting → queued when its claimer stopped before starting it (RUN_REQUEUED). */
export type RunStatus = 'queued' | 'starting' | 'running' | 'success' | 'failure' | 'canceling' | 'canceled';

export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['success', 'failure', 'canceled'];
/** The statuses a run can still leave (not ended): queued, claimed, running or being canceled. */
export const OPEN_RUN_STATUSES: readonly RunStatus[] = ['queued', 'starting', 'running', 'canceling'];

/**
 * True for a run that ended (success, failure, canceled): no later event changes it.
 *
 * @example
 * isTerminalRunStatus('canceling') // false
 */
export function isTerminalRunStatus(status: RunStatus): status is 'success' | 'failure' | 'canceled' {
  return status === 'success' || status === 'failure' || status === 'canceled';
}

/** Which partitions a run targets: none, one key, an inclusive key range, or explicit keys. */
export type RunPartitionTarget =
  | { readonly kind: 'none' }
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'range'; readonly start: string; readonly end: string }
  | { readonly kind: 'keys'; readonly keys: readonly string[] };

export interface RunRecord {
  readonly id: string;
  readonly status: RunStatus;
  /** Asset keys the run materializes. */
  readonly assetKeys: readonly string[];
  readonly partition: RunPartitionTarget;
  readonly tags: Readonly<Record<string, string>>;
  readonly backfillId: string | null;
  /** The run this one re-executes, if any. */
  readonly parentRunId: string | null;
  readonly priority: number;
  /** The serialised plan the run executes (JSON). */
  readonly plan: unknown;
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly heartbeatAt: number | null;
  /** Identifies the process executing the run (host:pid:nonce). */
  readonly owner: string | null;
  readonly error: string | null;
}

export type StepStatus = 'pending' | 'running' | 'success' | 'failure' | 'skipped' | 'canceled';

/**
 * True for a step that ended (success, failure, skipped, canceled): no later attempt starts it.
 *
 * @example
 * isTerminalStepStatus('running') // false
 */
export function isTerminalStepStatus(status: StepStatus): boolean {
  return status === 'success' || status === 'failure' || status === 'skipped' || status === 'canceled';
}

/** Step statuses that ended (see `isTerminalStepStatus`), and of those the ones that fail a run (see `isFailedStepStatus`). */
export const TERMINAL_STEP_STATUSES: readonly StepStatus[] = ['success', 'failure', 'skipped', 'canceled'];
export const FAILED_STEP_STATUSES: readonly StepStatus[] = ['failure', 'canceled'];

/**
 * True for a step that ended failed or canceled: a run with such a step does not succeed.
 *
 * @example
 * isFailedStepStatus('skipped') // false
 */
export function isFailedStepStatus(status: StepStatus): boolean {
  return status === 'failure' || status === 'canceled';
}

/**
 * How many of `steps` ended and how many of those failed or were canceled: a `RunStepsView`'s counts.
 *
 * @example
 * countEndedSteps([{ status: 'success' }, { status: 'failure' }, { status: 'running' }]) // { terminal: 2, failed: 1 }
 */
export function countEndedSteps(steps: readonly Pick<StepRecord, 'status'>[]): { terminal: number; failed: number } {
  let terminal = 0;
  let failed = 0;
  for (const s of steps) {
    if (isTerminalStepStatus(s.status)) terminal++;
    if (isFailedStepStatus(s.status)) failed++;
  }
  return { terminal, failed };
}

export interface StepRecord {
  readonly runId: string;
  /** Unique in a run, e.g. `clean/users` or `clean/users[2024-01-01]`. */
  readonly stepKey: string;
  readonly assetKeys: readonly string[];
  readonly partitionKeys: readonly string[];
  readonly status: StepStatus;
  readonly attempt: number;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly error: string | null;
}
