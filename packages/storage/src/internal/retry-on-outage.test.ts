import type { BatonStorage } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { ConnectionHealth } from './connection-health';
import { retryOnOutage } from './retry-on-outage';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

/** A database that is down until `up()`; `calls` counts attempts of getRun. */
function flakyDatabase() {
  let down = false;
  let calls = 0;
  const storage = {
    dialect: 'postgres',
    async getRun() {
      calls++;
      if (down) throw refused();
      return undefined;
    },
    async countRuns() {
      throw Object.assign(new Error('relation "runs" does not exist'), { code: '42P01' });
    },
    async close() {},
  } as unknown as BatonStorage;
  const health = new ConnectionHealth({ probe: async () => { if (down) throw refused(); }, minDelayMs: 10, maxDelayMs: 20 });
  return { storage, health, down: () => (down = true), up: () => (down = false), calls: () => calls };
}

describe('retryOnOutage', () => {
  it('a call that lost the database waits for it, runs again, and the outage is announced once each way', async () => {
    const db = flakyDatabase();
    const changes: string[] = [];
    db.health.onChange((now) => changes.push(now.status));
    const storage = retryOnOutage(db.storage, db.health, 60_000);
    db.down();
    const calls = Promise.all([storage.getRun('a'), storage.getRun('b'), storage.getRun('c')]);
    await new Promise((r) => setTimeout(r, 100));
    expect(db.health.current.status).toBe('unreachable');
    expect(db.health.current.lastError).toMatch(/ECONNREFUSED/);
    db.up();
    await expect(calls).resolves.toEqual([undefined, undefined, undefined]);
    expect(db.calls()).toBe(6);
    expect(changes).toEqual(['unreachable', 'ok']);
    db.health.close();
  });

  it('fails once the wait is over, and at once for errors that are not about the connection', async () => {
    const db = flakyDatabase();
    const storage = retryOnOutage(db.storage, db.health, 50);
    db.down();
    const t0 = Date.now();
    await expect(storage.getRun('a')).rejects.toThrow(/ECONNREFUSED/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(45);
    await expect(storage.countRuns()).rejects.toThrow(/does not exist/);
    const failFast = retryOnOutage(db.storage, db.health, 0);
    await expect(failFast.getRun('a')).rejects.toThrow(/ECONNREFUSED/);
    db.health.close();
  });
});
