import type { EventLog, StorageHealthSource } from '@baton/core';
import { useReadinessCheck, type Plugin } from 'graphql-yoga';

/**
 * `GET /ready`: 200 when storage answers and definitions are loaded, 503 otherwise (Yoga's own
 * `/health` stays the liveness check). During a known database outage it answers 503 at once
 * instead of waiting for the database.
 *
 * @example
 * createYoga({ plugins: [useReadiness(storage, () => defs !== undefined)] });
 */
export function useReadiness(storage: StorageHealthSource & Pick<EventLog, 'eventsAfter'>, hasDefinitions: () => boolean): Plugin {
  return useReadinessCheck({
    endpoint: '/ready',
    check: async () => {
      if (storage.health().status === 'unreachable') return false;
      await storage.eventsAfter(null, { limit: 1 });
      return hasDefinitions();
    },
  }) as Plugin;
}
