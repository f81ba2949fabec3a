import type { Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect-capabilities';
import * as initial from './0001-initial';
import * as locks from './0002-locks';
import * as checkResults from './0003-check-results';
import * as compactProjections from './0004-compact-projections';
import * as eventNotify from './0005-event-notify';
import * as writeReceipts from './0006-write-receipts';
import * as partialBackfillIndex from './0007-partial-backfill-index';
import * as backfillPlans from './0008-backfill-plans';
import * as openBackfillRunsIndex from './0009-open-backfill-runs-index';

/**
 * Every migration this version of Baton knows, in order. Names sort in application order and are
 * never renamed: a database listing a name not here was written by a newer Baton and is refused.
 */
export function batonMigrations(cap: DialectCapabilities): Record<string, Migration> {
  return {
    '0001-initial': { up: (db) => initial.up(db, cap) },
    '0002-locks': { up: (db) => locks.up(db) },
    '0003-check-results': { up: (db) => checkResults.up(db, cap) },
    '0004-compact-projections': { up: (db) => compactProjections.up(db, cap) },
    '0005-event-notify': { up: (db) => eventNotify.up(db, cap) },
    '0006-write-receipts': { up: (db) => writeReceipts.up(db, cap) },
    '0007-partial-backfill-index': { up: (db) => partialBackfillIndex.up(db) },
    '0008-backfill-plans': { up: (db) => backfillPlans.up(db, cap) },
    '0009-open-backfill-runs-index': { up: (db) => openBackfillRunsIndex.up(db) },
  };
}
