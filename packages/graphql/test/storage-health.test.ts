import type { BatonStorage, StorageHealth } from '@baton/core';
import { storageBackends } from '@baton/storage/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { shopDefinitions } from './fixtures/shop-definitions';
import { dataOf, startHarness } from './harness';

const [backend] = storageBackends();

describe('storage health in the API', () => {
  afterAll(() => backend!.cleanup());

  it('storageHealth and /ready answer at once during an outage, without waiting for the database', async () => {
    const inner = await backend!.create();
    let health: StorageHealth = { status: 'ok', since: 1_000, lastError: null };
    const never = new Promise<never>(() => {});
    // a storage whose database went away: every call would wait (as `baton dev`'s does through an outage)
    const storage: BatonStorage = { ...inner, health: () => health, eventsAfter: (...args) => (health.status === 'ok' ? inner.eventsAfter(...args) : never) };
    const h = await startHarness(backend!, shopDefinitions(), { storage });
    try {
      const query = '{ storageHealth { status since lastError } }';
      expect(dataOf(await h.gql(query)).storageHealth).toEqual({ status: 'OK', since: 1_000, lastError: null });
      expect((await fetch(h.url.replace('/graphql', '/ready'))).status).toBe(200);
      health = { status: 'unreachable', since: 2_000, lastError: 'connect ECONNREFUSED 127.0.0.1:5432' };
      expect(dataOf(await h.gql(query)).storageHealth).toEqual({ status: 'UNREACHABLE', since: 2_000, lastError: 'connect ECONNREFUSED 127.0.0.1:5432' });
      const t0 = Date.now();
      expect((await fetch(h.url.replace('/graphql', '/ready'))).status).toBe(503);
      expect(Date.now() - t0).toBeLessThan(2_000);
    } finally {
      await h.close();
      await inner.close();
    }
  });
});
