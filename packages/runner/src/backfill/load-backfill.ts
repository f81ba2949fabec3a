import { BatonError, type BackfillRecord, type BatonStorage, type PlanReadOptions } from '@baton/core';

/**
 * The backfill `id`, or BACKFILL_NOT_FOUND.
 *
 * @example
 * const backfill = await loadBackfill(storage, id, { withPlan: false });
 */
export async function loadBackfill(storage: BatonStorage, id: string, options?: PlanReadOptions): Promise<BackfillRecord> {
  const backfill = await storage.getBackfill(id, options);
  if (!backfill) throw new BatonError('BACKFILL_NOT_FOUND', `Backfill "${id}" does not exist`, { hint: 'use the id `baton backfill` printed when it launched, or find it on the Backfills page of `baton dev` (GraphQL: backfills { nodes { id status } })', details: { backfillId: id } });
  return backfill;
}
