import type { StorageHealthSource } from '@baton/core';
import { formatDuration } from '../format/format-duration';

/**
 * Logs a database outage once when it starts and once when it ends, however many calls fail in
 * between: `database unreachable since <time> (<error>)`, then `database reachable again after <duration>`.
 * Returns the unsubscribe.
 *
 * @example
 * const stop = announceStorageHealth(storage, (line) => process.stderr.write(`${line}\n`));
 */
export function announceStorageHealth(storage: StorageHealthSource, log: (line: string) => void): () => void {
  return storage.onHealthChange((now, previous) => {
    if (now.status === 'unreachable') {
      log(`baton: database unreachable since ${new Date(now.since).toISOString()} (${now.lastError ?? 'no answer'}); work waits and resumes when it answers`);
    } else {
      log(`baton: database reachable again after ${formatDuration(now.since - previous.since)}`);
    }
  });
}
