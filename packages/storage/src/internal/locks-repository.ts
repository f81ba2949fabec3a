import { BatonError, type HeldLease, type Leases } from '@baton/core';
import type { Kysely } from 'kysely';
import type { Database } from './schema';

/**
 * Named leases: a lock is held by `owner` until `expires_at`; the holder renews it by acquiring again.
 * One upsert statement decides atomically on both dialects (the conflicting row is locked on
 * PostgreSQL; SQLite has one writer), so two processes never both get `true` for a live lease.
 */
export function locksRepository(db: Kysely<Database>): Leases {
  return {
    async tryAcquireLock(name, owner, ttlMs, now = Date.now()) {
      // One statement: a row comes back only when it was inserted, or updated because `owner`
      // already held it or the previous lease had expired.
      const row = await db
        .insertInto('locks')
        .values({ name, owner, expires_at: now + ttlMs })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ owner, expires_at: now + ttlMs })
            .where((eb) => eb.or([eb('locks.owner', '=', owner), eb('locks.expires_at', '<=', now)])),
        )
        .returning('owner')
        .executeTakeFirst();
      return row?.owner === owner;
    },
    async releaseLock(name, owner) {
      await db.deleteFrom('locks').where('name', '=', name).where('owner', '=', owner).execute();
    },
  };
}

/**
 * Fences a write by a lease: inside the writing transaction, renews `lease` for its owner (locking its
 * row, so a takeover waits for this transaction) or throws RUN_STATE_CONFLICT when another owner took
 * it over or it was released — the transaction rolls back and writes nothing.
 *
 * @example
 * await cap.writeTransaction(db, async (trx) => { await holdLease(trx, lease); ... });
 */
export async function holdLease(trx: Kysely<Database>, lease: HeldLease, now = Date.now()): Promise<void> {
  const row = await trx
    .updateTable('locks')
    .set({ expires_at: now + lease.ttlMs })
    .where('name', '=', lease.name)
    .where('owner', '=', lease.owner)
    .returning('name')
    .executeTakeFirst();
  if (row) return;
  throw new BatonError('RUN_STATE_CONFLICT', `${lease.owner} no longer holds the lease ${lease.name} (it expired while this process stalled, and another process took it over); nothing was written`, {
    hint: 'the process holding the lease now does this work; this one takes the lease again once that one stops renewing it',
    details: { lease: lease.name, owner: lease.owner },
  });
}
