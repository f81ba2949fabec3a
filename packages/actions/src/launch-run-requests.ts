import { BatonError } from '@baton/core';
import { planMaterialize, type Plan } from '@baton/planner';
import { definitionsOf, snapshotOf, type ActionContext } from './action-context';
import { launchPlans } from './launch-plan';

/** A request to materialize assets (automation's run requests): explicit keys, tagged with its source. */
export interface RunRequest {
  readonly assetKeys: readonly string[];
  readonly partitionKeys?: readonly string[] | null | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
  /** Stored as the `baton/run-key` tag (a schedule tick's or sensor cursor's identity). */
  readonly runKey?: string | undefined;
}

export interface LaunchRunRequestsOptions<R extends RunRequest> {
  /** Told about each request that could not be planned (the others are launched). */
  readonly onError?: (request: R, error: BatonError) => void;
}

/**
 * Plans each request (the planner's planMaterialize over its assets and partition keys, tagged with
 * its source) and launches them together with `launchPlans`: the runs of every request in one
 * `createRuns` call, a request whose runs depend on each other as a backfill. Returns one run id per
 * request, in order ('' when it planned nothing or could not be planned). When no request could be
 * planned, the first error is thrown.
 *
 * @example
 * const ids = await launchRunRequests(ctx, [{ assetKeys: ['raw/orders'], partitionKeys: ['2024-01-02'], tags: { 'baton/schedule': 'daily' } }]);
 */
export async function launchRunRequests<R extends RunRequest>(ctx: ActionContext, requests: readonly R[], options: LaunchRunRequestsOptions<R> = {}): Promise<string[]> {
  const definitions = definitionsOf(ctx);
  const snapshot = await snapshotOf(ctx);
  const planned: { index: number; plan: Plan }[] = [];
  const errors: BatonError[] = [];
  for (const [index, r] of requests.entries()) {
    try {
      const tags = { ...r.tags, ...(r.runKey !== undefined ? { 'baton/run-key': r.runKey } : {}) };
      const plan = planMaterialize(definitions, snapshot, [...r.assetKeys], r.partitionKeys ? [...r.partitionKeys] : undefined, { tags });
      if (plan.runs.length > 0) planned.push({ index, plan });
    } catch (error) {
      const e = BatonError.from(error);
      errors.push(e);
      options.onError?.(r, e);
    }
  }
  if (errors.length > 0 && errors.length === requests.length) throw errors[0]!;
  const ids: string[] = requests.map(() => '');
  if (planned.length === 0) return ids;
  const launched = await launchPlans(ctx, planned.map((p) => p.plan));
  launched.forEach((l, i) => (ids[planned[i]!.index] = l.runs[0]?.id ?? ''));
  return ids;
}
