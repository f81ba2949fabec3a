import type { BatonEvent, ProvenanceEntry } from '@baton/core';

type Of<T extends BatonEvent['type']> = Extract<BatonEvent, { type: T }>;

export interface EventFactory {
  runStarted(owner?: string): Of<'RUN_STARTED'>;
  runEnded(type: 'RUN_SUCCESS' | 'RUN_CANCELED'): Of<'RUN_SUCCESS' | 'RUN_CANCELED'>;
  runFailed(error?: string): Of<'RUN_FAILURE'>;
  stepStarted(stepKey: string, assetKeys: readonly string[], partitionKeys?: readonly string[], attempt?: number): Of<'STEP_STARTED'>;
  stepSuccess(stepKey: string, durationMs?: number): Of<'STEP_SUCCESS'>;
  stepFailure(stepKey: string, options?: { willRetry?: boolean; partitionKeys?: readonly string[]; attempt?: number; error?: string }): Of<'STEP_FAILURE'>;
  materialization(assetKey: string, partitionKey: string | null, options?: { stepKey?: string; dataVersion?: string; codeVersion?: string; provenance?: readonly ProvenanceEntry[]; metadata?: Record<string, unknown> }): Of<'MATERIALIZATION'>;
  observation(assetKey: string, partitionKey: string | null, dataVersion: string): Of<'OBSERVATION'>;
  log(message: string): Of<'LOG'>;
}

/**
 * Builds well-formed events of one run with increasing timestamps, for tests and benchmarks.
 *
 * @example
 * const e = eventFactory('run-1');
 * await storage.appendEvents([e.stepStarted('a', ['a']), e.materialization('a', null), e.stepSuccess('a')]);
 */
export function eventFactory(runId: string, start = Date.now()): EventFactory {
  let t = start;
  const base = (stepKey: string | null = null) => ({ runId, stepKey, timestamp: t++ });
  return {
    runStarted: (owner = 'test-owner') => ({ ...base(), type: 'RUN_STARTED', owner }),
    runEnded: (type) => ({ ...base(), type }),
    runFailed: (error = 'boom') => ({ ...base(), type: 'RUN_FAILURE', error }),
    stepStarted: (stepKey, assetKeys, partitionKeys = [], attempt = 1) => ({ ...base(stepKey), type: 'STEP_STARTED', stepKey, assetKeys, partitionKeys, attempt }),
    stepSuccess: (stepKey, durationMs = 10) => ({ ...base(stepKey), type: 'STEP_SUCCESS', stepKey, durationMs }),
    stepFailure: (stepKey, o = {}) => ({
      ...base(stepKey), type: 'STEP_FAILURE', stepKey, error: o.error ?? 'failed', attempt: o.attempt ?? 1, willRetry: o.willRetry ?? false,
      ...(o.partitionKeys ? { partitionKeys: o.partitionKeys } : {}),
    }),
    materialization: (assetKey, partitionKey, o = {}) => ({
      ...base(o.stepKey ?? assetKey), type: 'MATERIALIZATION', assetKey, partitionKey,
      dataVersion: o.dataVersion ?? `dv-${t}`, codeVersion: o.codeVersion ?? 'code-1', metadata: o.metadata ?? {}, provenance: o.provenance ?? [],
    }),
    observation: (assetKey, partitionKey, dataVersion) => ({ ...base(), type: 'OBSERVATION', assetKey, partitionKey, dataVersion, metadata: {} }),
    log: (message) => ({ ...base(), type: 'LOG', level: 'info', message }),
  };
}
