import type { MaterializationRecord } from '@baton/core';
import { reportMaterialization } from '@baton/runner';
import { definitionsOf, type ActionContext } from './action-context';

export interface ReportRequest {
  readonly assetKey: string;
  readonly partition?: string | null | undefined;
  /** Default: a new unique version (downstream turns stale). */
  readonly dataVersion?: string | undefined;
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Records a materialization made outside Baton (unknown asset: ASSET_NOT_FOUND with a did-you-mean).
 *
 * @example
 * const record = await report(ctx, { assetKey: 'warehouse/orders', partition: '2024-01-01', dataVersion: 'load-7731' });
 */
export async function report(ctx: ActionContext, request: ReportRequest): Promise<MaterializationRecord> {
  const record = await reportMaterialization({
    definitions: definitionsOf(ctx),
    storage: ctx.storage,
    assetKey: request.assetKey,
    partitionKey: request.partition ?? null,
    ...(request.dataVersion !== undefined ? { dataVersion: request.dataVersion } : {}),
    ...(request.metadata !== undefined ? { metadata: { ...request.metadata } } : {}),
  });
  ctx.onChanged?.();
  return record;
}
