import type { EventEmitter } from 'node:events';

/** graphile-worker's database-wide channel announcing a migration of some queue schema. */
export const MIGRATE_CHANNEL = 'worker:migrate';

/**
 * graphile-worker shuts its whole pool down (aborting running jobs) on any "worker:migrate" NOTIFY
 * marked breaking. The channel is database-wide and the payload names no schema, so installing a
 * queue in any other schema of the database (another project, a test) stopped every Baton worker's
 * running steps. This listener is added to graphile-worker's LISTEN client before graphile-worker's
 * own (on `pool:listen:success`), so it sees the notification first: it renames the channel, which
 * graphile-worker then ignores, and calls `onMigrate`, which checks the worker's own schema (and
 * stops the worker if that schema really moved past what it supports).
 *
 * @example
 * events.on('pool:listen:success', ({ client }) => interceptMigrations(client, () => void checkOwnSchema()));
 */
export function interceptMigrations(client: Pick<EventEmitter, 'on'>, onMigrate: () => void): void {
  client.on('notification', (message: { channel: string }) => {
    if (message.channel !== MIGRATE_CHANNEL) return;
    message.channel = `${MIGRATE_CHANNEL}:checked-by-baton`;
    onMigrate();
  });
}
