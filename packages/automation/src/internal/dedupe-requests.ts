import type { PlannedRunRequest } from '../evaluate-schedule';

/**
 * Drops asset partitions already requested earlier in the list, so one tick never requests the same
 * asset partition twice; a request losing some assets' partitions is split by what remains.
 */
export function dedupeRequests(requests: readonly PlannedRunRequest[]): { requests: PlannedRunRequest[]; dropped: number } {
  const claimed = new Set<string>();
  const out: PlannedRunRequest[] = [];
  let dropped = 0;
  for (const r of requests) {
    const groups = new Map<string, { assetKeys: string[]; partitionKeys: string[] | null }>();
    for (const assetKey of new Set(r.assetKeys)) {
      let keys: string[] | null;
      if (r.partitionKeys === null) {
        const id = `${assetKey}\u0000`;
        if (claimed.has(id)) {
          dropped++;
          continue;
        }
        claimed.add(id);
        keys = null;
      } else {
        keys = [];
        for (const k of new Set(r.partitionKeys)) {
          const id = `${assetKey}\u0000\u0001${k}`;
          if (claimed.has(id)) dropped++;
          else {
            claimed.add(id);
            keys.push(k);
          }
        }
        if (keys.length === 0) continue;
      }
      const gid = keys === null ? '\u0000' : keys.join('\u0001');
      const g = groups.get(gid) ?? { assetKeys: [], partitionKeys: keys };
      g.assetKeys.push(assetKey);
      groups.set(gid, g);
    }
    for (const g of groups.values()) out.push({ ...r, assetKeys: g.assetKeys, partitionKeys: g.partitionKeys });
  }
  return { requests: out, dropped };
}
