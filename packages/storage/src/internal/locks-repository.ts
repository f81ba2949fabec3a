import type { Leases } from '@baton/core';
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
