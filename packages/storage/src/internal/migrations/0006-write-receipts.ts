import type { Kysely } from 'kysely';
import type { DialectCapabilities } from '../dialect-capabilities';

/**
 * PostgreSQL: `write_receipts` records, in the transaction of each write a process may retry after a
 * lost connection, that it committed and what it returned (see `write-receipt.ts`), so a retry of a
 * COMMIT whose answer was lost does not write twice. SQLite: nothing (no connection to lose).
 */
export async function up(db: Kysely<any>, cap: DialectCapabilities): Promise<void> {
  if (cap.name !== 'postgres') return;
  await db.schema
    .createTable('write_receipts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('write_receipts_created_at').on('write_receipts').column('created_at').execute();
}
