import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatonStorage } from '@baton/core';
import { planBackfill } from '@baton/planner';
import { launchPlan } from '@baton/actions';
import { filesystemIOManager } from '@baton/runner';
import { createSqliteStorage } from '@baton/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weatherDashboard } from '../src/definitions';
import type { RawReading } from '../src/simulated-weather-api';

describe('weather-dashboard data quality', () => {
  let dir: string;
  let storage: BatonStorage;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-weather-q-'));
    storage = await createSqliteStorage({ path: join(dir, 'baton.db') });
  });
  afterAll(async () => {
    await storage?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a broken sensor hour fails the blocking check: stored, counted as failed for staleness, the run fails', async () => {
    const defs = weatherDashboard({ dataDir: dir });
    const ioManagers = { default: filesystemIOManager({ baseDir: join(dir, 'values') }), ...defs.ioManagers };
    // every reading is a 999 °F glitch
    const broken = { readings: (station: { id: string }, hourStart: number): RawReading[] => [0, 15, 30].map((m) => ({ stationId: station.id, observedAt: new Date(hourStart + m * 60_000).toISOString(), temperatureF: 999, humidity: 50, windMph: 3 })) };
    const plan = planBackfill(defs, await storage.loadStateSnapshot(), {
      selection: ['weather/stations', 'weather/raw_readings', 'weather/celsius_readings', 'weather/clean_readings'],
      partitions: { from: '2026-01-01-00:00', to: '2026-01-01-00:00' },
    });
    const { outcomes } = await launchPlan({ storage }, plan, { executeHere: { definitions: defs, ioManagers, resources: { weatherApi: broken } } });
    const statuses = outcomes!.map((o) => o.status);
    expect(statuses).toContain('failure');
    const [result] = await storage.latestCheckResults(['weather/clean_readings']).then((rs) => rs.filter((r) => r.checkName === 'most_readings_plausible'));
    expect(result).toMatchObject({ partitionKey: '2026-01-01-00:00', passed: false, blocking: true, severity: 'error', metadata: { kept: 0, dropped: 12 } });
    const snapshot = await storage.loadStateSnapshot({ assetKeys: ['weather/clean_readings'] });
    expect(snapshot.assets.get('weather/clean_readings')?.failed.has('2026-01-01-00:00')).toBe(true);
  });
});
