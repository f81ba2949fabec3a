import type { StorageHealthSource } from '@baton/core';

/**
 * True while the storage's database is unreachable, or answered again less than `windowMs` ago: no
 * process could write heartbeats meanwhile, so a silent run (or worker) is not a dead one yet.
 * Recovery and the workers' sweep wait this out instead of failing live work after an outage.
 *
 * @example
 * if (heartbeatsUnreliable(storage, 30_000)) return []; // try again on the next tick
 */
export function heartbeatsUnreliable(storage: Pick<StorageHealthSource, 'health'>, windowMs: number, now = Date.now()): boolean {
  const health = storage.health();
  if (health.status === 'unreachable') return true;
  return health.lastError !== null && now - health.since < windowMs;
}
