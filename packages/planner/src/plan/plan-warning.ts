import { deepFreeze } from '@baton/core';
import { isKind } from './step-plan';

/**
 * What a preview must say before anything launches:
 * - `range-clamped`: the requested range reaches past the partitions that exist (which end, and the first/last partition);
 * - `range-empty`: the requested range holds no partition of an asset at all;
 * - `missing-inputs`: steps read upstream partitions outside the plan that were never materialized (or only failed), so they will fail;
 * - `large-plan`: many runs of one partition each; `suggestedPolicy` batches them.
 */
export type PlanWarningKind = 'range-clamped' | 'range-empty' | 'missing-inputs' | 'large-plan';

export interface PlanWarning {
  readonly kind: 'PlanWarning';
  readonly code: PlanWarningKind;
  /** `error`: steps will fail as planned; `warning`: the plan differs from what was asked; `info`: a suggestion. */
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly hint: string | null;
  /** The asset the warning is about (the downstream one for missing inputs), or null for the whole plan. */
  readonly assetKey: string | null;
  /** For `large-plan`: partitions per run of the suggested batch policy. */
  readonly suggestedBatchSize: number | null;
}

export const PlanWarning = {
  /** @example PlanWarning.create({ code: 'large-plan', severity: 'info', message: '…', hint: null, assetKey: null, suggestedBatchSize: 10 }) */
  create(fields: Omit<PlanWarning, 'kind'>): PlanWarning {
    return deepFreeze({ kind: 'PlanWarning', ...fields });
  },
  /** @example PlanWarning.is(node) */
  is(node: unknown): node is PlanWarning {
    return isKind(node, 'PlanWarning');
  },
};
