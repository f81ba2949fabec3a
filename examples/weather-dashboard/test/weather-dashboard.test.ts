import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatonStorage, Definitions, IOManager } from '@baton/core';
import { computeStaleness, planBackfill, type Plan } from '@baton/planner';
import { launchPlan } from '@baton/actions';
import { filesystemIOManager, valuePath } from '@baton/runner';
import { createSqliteStorage } from '@baton/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../src/assets';
import { weatherDashboard } from '../src/definitions';

/** Executes a plan here, as `baton materialize` does (@baton/actions' launchPlan), and expects every run to succeed. */
async function execute(plan: Plan, defs: Definitions, storage: BatonStorage, ioManagers: Record<string, IOManager>) {
  const { outcomes } = await launchPlan({ storage }, plan, { executeHere: { definitions: defs, ioManagers, concurrency: 4 } });
  for (const o of outcomes!) expect(o.status, `${o.runKey}: ${o.error}`).toBe('success');
}

describe('weather-dashboard, end to end on SQLite', () => {
  let dir: string;
  let storage: BatonStorage;
  let defs: Definitions;
  let ioManagers: Record<string, IOManager>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-weather-'));
    storage = await createSqliteStorage({ path: join(dir, 'baton.db') });
    defs = weatherDashboard({ dataDir: dir });
    ioManagers = { default: filesystemIOManager({ baseDir: join(dir, 'values') }), ...defs.ioManagers };
    const plan = planBackfill(defs, await storage.loadStateSnapshot(), {
      selection: defs.assets.map((a) => a.key),
      partitions: { from: '2026-01-01', to: '2026-01-02' }, // 48 hours, 2 days, and the unpartitioned stations
    });
    expect(plan.summary.assets.map((a) => [a.assetKey, a.count])).toEqual([
      ['weather/stations', 1],
      ['weather/raw_readings', 48],
      ['weather/celsius_readings', 48],
      ['weather/clean_readings', 48],
      ['weather/dashboard', 2],
    ]);
    await execute(plan, defs, storage, ioManagers);
  });
  afterAll(async () => {
    await storage?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('publishes a JSON and an HTML dashboard per day, in plausible Celsius', () => {
    for (const day of ['2026-01-01', '2026-01-02']) {
      const dashboard = JSON.parse(readFileSync(join(dir, 'site', `${day}.json`), 'utf8')) as Dashboard;
      expect(dashboard.day).toBe(day);
      expect(dashboard.hours).toBe(24);
      expect(dashboard.stations.map((s) => s.stationId)).toEqual(['ksfo', 'kord', 'kphx', 'panc']);
      for (const s of dashboard.stations) {
        // 4 readings an hour for 24 hours, minus the dropped glitches
        expect(s.readings).toBeGreaterThan(85);
        expect(s.readings).toBeLessThanOrEqual(96);
        expect(s.minC).toBeGreaterThanOrEqual(-40);
        expect(s.maxC).toBeLessThanOrEqual(40);
        expect(s.minC).toBeLessThanOrEqual(s.meanC);
        expect(s.meanC).toBeLessThanOrEqual(s.maxC);
      }
      // January: Phoenix is warmer than Anchorage
      const mean = (id: string) => dashboard.stations.find((s) => s.stationId === id)!.meanC;
      expect(mean('kphx')).toBeGreaterThan(mean('panc') + 15);
      expect(existsSync(join(dir, 'site', `${day}.html`))).toBe(true);
      expect(readFileSync(join(dir, 'site', `${day}.html`), 'utf8')).toContain(`Weather on ${day}`);
    }
  });

  it('converts every reading to Celsius and drops exactly the impossible ones', () => {
    const read = (asset: string, hour: string) => JSON.parse(readFileSync(valuePath(join(dir, 'values'), { assetKey: asset, partitionKey: hour }), 'utf8'));
    let dropped = 0;
    for (let h = 0; h < 24; h++) {
      const hour = `2026-01-01-${String(h).padStart(2, '0')}:00`;
      const raw = read('weather/raw_readings', hour) as { temperatureF: number; humidity: number }[];
      const celsius = read('weather/celsius_readings', hour) as { temperatureC: number }[];
      const clean = read('weather/clean_readings', hour) as { readings: { temperatureC: number; humidity: number }[]; dropped: number };
      raw.forEach((r, i) => expect(celsius[i]!.temperatureC).toBeCloseTo(((r.temperatureF - 32) * 5) / 9, 1));
      const impossible = raw.filter((r) => r.temperatureF > 140 || r.temperatureF < -130 || r.humidity > 100).length;
      expect(clean.dropped).toBe(impossible);
      expect(clean.readings).toHaveLength(raw.length - impossible);
      for (const r of clean.readings) expect(r.temperatureC).toBeGreaterThan(-90);
      dropped += clean.dropped;
    }
    expect(dropped).toBeGreaterThan(0); // the simulated source does produce glitches
    const dashboard = JSON.parse(readFileSync(join(dir, 'site', '2026-01-01.json'), 'utf8')) as Dashboard;
    expect(dashboard.dropped).toBe(dropped);
  });

  it('leaves every materialized partition fresh, and the rest of the year missing', async () => {
    const report = computeStaleness(defs, await storage.loadStateSnapshot());
    expect(report.status('weather/dashboard', '2026-01-02')).toBe('fresh');
    expect(report.status('weather/clean_readings', '2026-01-01-13:00')).toBe('fresh');
    expect(report.status('weather/dashboard', '2026-01-03')).toBe('missing');
    expect(report.summary('weather/raw_readings').counts.fresh).toBe(48);
  });
});
