import type { AssetDefinition } from '@baton/core';
import { latestCronTick } from './cron-ticks';

/**
 * The unpartitioned observable sources whose `observeInterval` says they are due at `now`: never
 * observed, or observed longer ago than the interval, or before the latest tick of the cron (UTC).
 * Stateless: the latest observation timestamps (`storage.latestObservations`) are the cursor, so a
 * failed observation (nothing stored) is retried at the next daemon tick. Partitioned sources are
 * observed on demand only (`baton observe --partition`).
 *
 * @example
 * sourcesDueForObservation(defs.assets, new Map([['raw/files', lastObservedAt]]), Date.now()) // ['raw/files']
 */
export function sourcesDueForObservation(assets: readonly AssetDefinition[], lastObservedAt: ReadonlyMap<string, number>, now: number): string[] {
  const due: string[] = [];
  for (const def of assets) {
    const schedule = def.observeSchedule;
    if (!schedule || !def.observe || def.partitions) continue;
    const last = lastObservedAt.get(def.key);
    if (last === undefined) due.push(def.key);
    else if (schedule.kind === 'interval' ? now - last >= schedule.ms : (latestCronTick(schedule.cron, 'UTC', now) ?? -Infinity) > last) due.push(def.key);
  }
  return due;
}
