import type { LogLevel } from '@baton/core';
import type { StepAttemptOutcome, StepRequest } from '@baton/runner';

/** Messages from the parent to a step process. */
export type ToChild =
  | { readonly type: 'execute'; readonly id: number; readonly request: StepRequest }
  | { readonly type: 'abort'; readonly id: number; readonly reason: string }
  | { readonly type: 'endRun'; readonly id: number; readonly runId: string };

/** Messages from a step process to the parent. */
export type FromChild =
  | { readonly type: 'ready' }
  | { readonly type: 'load-error'; readonly message: string }
  | { readonly type: 'log'; readonly id: number; readonly level: LogLevel; readonly message: string; readonly fields?: Record<string, unknown> }
  | { readonly type: 'result'; readonly id: number; readonly outcome: StepAttemptOutcome }
  | { readonly type: 'ended'; readonly id: number; readonly error?: string };
