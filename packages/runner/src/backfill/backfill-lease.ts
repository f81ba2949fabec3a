import { BatonError, type HeldLease, type Leases } from '@baton/core';
import { randomBytes } from 'node:crypto';
import { PROCESS_OWNER, sleep } from '../internal/owner-id';

/** How long a launch, resume or retry-failed holds its backfill's lease while it queues runs (a crashed holder's backfill is driven after it). */
const CONTROL_LEASE_MS = 30_000;

export interface WithBackfillLeaseOptions {
  /** How long to wait for the lease while another process (a backfill driver) holds it. Default 0: it must be free. */
  readonly waitMs?: number;
  readonly pollMs?: number;
}

/**
 * Runs `queue` while holding the backfill's lease `backfill:<id>` (the one its drivers hold, see
 * `startBackfillDriver`), then gives it up: the runs `queue` creates are fenced by it
 * (`createRuns(runs, { lease })`), and no driver's pass queues the same run keys in between. Waits
 * up to `waitMs` for a holder to stop renewing it (a driver that died: its lease expires); then
 * RUN_STATE_CONFLICT, nothing queued.
 *
 * @example
 * await withBackfillLease(storage, backfill.id, 'resume', (lease) => createRunsInBatches(storage, runs, { lease }), { waitMs: 35_000 });
 */
export async function withBackfillLease<T>(storage: Leases, id: string, purpose: string, queue: (lease: HeldLease) => Promise<T>, options: WithBackfillLeaseOptions = {}): Promise<T> {
  const lease: HeldLease = { name: `backfill:${id}`, owner: `${PROCESS_OWNER}:${purpose}:${randomBytes(3).toString('hex')}`, ttlMs: CONTROL_LEASE_MS };
  const deadline = Date.now() + (options.waitMs ?? 0);
  while (!(await storage.tryAcquireLock(lease.name, lease.owner, lease.ttlMs))) {
    if (Date.now() >= deadline) {
      throw new BatonError('RUN_STATE_CONFLICT', `Backfill "${id}" is being driven by another process (it holds the lease ${lease.name}); nothing was queued`, {
        hint: 'its driver queues the backfill\'s runs: try again once the backfill ended, or stop the process driving it (its lease expires 30 s after)',
        details: { backfillId: id, lease: lease.name },
      });
    }
    await sleep(options.pollMs ?? 250);
  }
  try {
    return await queue(lease);
  } finally {
    await storage.releaseLock(lease.name, lease.owner).catch(() => {}); // else it expires after CONTROL_LEASE_MS
  }
}
