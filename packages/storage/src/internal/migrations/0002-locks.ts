import type { Kysely } from 'kysely';

/** Named leases with an expiry (`tryAcquireLock`): one automation daemon acts at a time, on both dialects. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('locks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}
