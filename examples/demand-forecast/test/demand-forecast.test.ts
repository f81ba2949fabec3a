import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asset, definitions, type BatonStorage, type Definitions, type IOManager } from '@baton/core';
import { computeStaleness, planBackfill, planMaterialize, planMaterializeStale, type Plan } from '@baton/planner';
import { launchPlan } from '@baton/actions';
import { filesystemIOManager, valuePath } from '@baton/runner';
import { createSqliteStorage } from '@baton/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assets, demandForecast } from '../src/definitions';
import { fitLeastSquares } from '../src/least-squares';
import { demandModel, features, trainingSet, type Deployment } from '../src/model';
import { STORES, trueUnits } from '../src/simulation';

const MODEL_DAYS = ['2026-01-07', '2026-01-08', '2026-01-09', '2026-01-10'];

/** Executes a plan here, as `baton materialize` does (@baton/actions' launchPlan), and expects every run to succeed. */
async function execute(plan: Plan, defs: Definitions, storage: BatonStorage, ioManagers: Record<string, IOManager>) {
  const { outcomes } = await launchPlan({ storage }, plan, { executeHere: { definitions: defs, ioManagers, concurrency: 4 } });
  for (const o of outcomes!) expect(o.status, `${o.runKey}: ${o.error}`).toBe('success');
}

describe('demand-forecast, end to end on SQLite', () => {
  let dir: string;
  let storage: BatonStorage;
  let defs: Definitions;
  let ioManagers: Record<string, IOManager>;
  let plan: Plan;
  const artifact = (day: string) => JSON.parse(readFileSync(join(dir, 'models', `${day}.json`), 'utf8')) as Deployment;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'baton-demand-'));
    storage = await createSqliteStorage({ path: join(dir, 'baton.db') });
    defs = demandForecast({ dataDir: dir });
    ioManagers = { default: filesystemIOManager({ baseDir: join(dir, 'values') }), ...defs.ioManagers };
    plan = planBackfill(defs, await storage.loadStateSnapshot(), {
      selection: defs.assets.map((a) => a.key),
      partitions: { from: '2026-01-01', to: '2026-01-10' },
    });
    await execute(plan, defs, storage, ioManagers);
  });
  afterAll(async () => {
    await storage?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('plans 10 days of data and 4 days of models (the first needs a full week behind it)', () => {
    const counts = Object.fromEntries(plan.summary.assets.map((a) => [a.assetKey, a.count]));
    expect(counts).toEqual({
      'sales/raw_orders': 10, 'sales/daily_sales': 10, 'weather/raw_observations': 10, 'weather/daily_weather': 10,
      'features/training_set': 4, 'model/demand_model': 4, 'model/evaluation': 4, 'model/deployment': 4,
    });
    // the sales and weather branches are independent: inside a day's run neither waits for the other
    const dayRun = plan.runs.find((r) => r.assetKeys.includes('sales/raw_orders'))!;
    const weatherStep = dayRun.steps.find((s) => s.assetKeys.includes('weather/daily_weather'))!;
    expect(weatherStep.dependsOn.every((d) => d.startsWith('weather/'))).toBe(true);
  });

  it('cleans sales to exactly the units sold (no duplicates, cancellations or test orders)', () => {
    for (const day of ['2026-01-01', '2026-01-05', '2026-01-10']) {
      const sales = JSON.parse(readFileSync(valuePath(join(dir, 'values'), { assetKey: 'sales/daily_sales', partitionKey: day }), 'utf8'));
      expect(sales).toEqual(STORES.map((s) => ({ day, storeId: s.id, units: trueUnits(day, s) })));
    }
  });

  it('trains on 6 days, evaluates on the 7th, beats the baseline and deploys an artifact', () => {
    let mae = 0;
    let baseline = 0;
    for (const day of MODEL_DAYS) {
      const a = artifact(day);
      expect(a.day).toBe(day);
      expect(a.holdoutRows).toBe(STORES.length);
      expect(Number.isFinite(a.mae)).toBe(true);
      expect(a.coefficients).toHaveLength(a.features.length);
      expect(a.coefficients[a.features.indexOf('weekend')]).toBeGreaterThan(5); // the hidden weekend effect is +20
      mae += a.mae;
      baseline += a.baselineMae;
    }
    expect(mae / MODEL_DAYS.length).toBeLessThan(baseline / MODEL_DAYS.length);
    expect(mae / MODEL_DAYS.length).toBeLessThan(15);
    // the deployed model is the newest one
    expect(JSON.parse(readFileSync(join(dir, 'models', 'latest.json'), 'utf8')).day).toBe('2026-01-10');
    // and it is the least-squares fit of its training rows
    const training = JSON.parse(readFileSync(valuePath(join(dir, 'values'), { assetKey: 'features/training_set', partitionKey: '2026-01-10' }), 'utf8'));
    expect(training.train).toHaveLength(6 * STORES.length);
    expect(artifact('2026-01-10').coefficients).toEqual(fitLeastSquares(training.train.map(features), training.train.map((r: { units: number }) => r.units)));
  });

  it('marks the model stale when the training code changes (downstream: upstream changes pending), and rebuilds only that', async () => {
    // The data scientist edits the training function (here: coefficients rounded to 1 decimal).
    const editedModel = asset({
      key: demandModel.key,
      group: 'model',
      partitions: demandModel.partitions,
      ins: { training: trainingSet },
      compute: (_ctx, { training }) => ({
        features: ['intercept', 'storeSizeK', 'temperatureC', 'rainMm', 'weekend'],
        coefficients: fitLeastSquares(training.train.map(features), training.train.map((r) => r.units)).map((c) => Math.round(c * 10) / 10),
      }),
    });
    expect(editedModel.codeVersion).not.toBe(demandModel.codeVersion);
    const edited = definitions({
      assets: assets.map((a) => (a.key === demandModel.key ? editedModel : a)),
      ioManagers: defs.ioManagers,
    });
    const snapshot = await storage.loadStateSnapshot();
    const report = computeStaleness(edited, snapshot);
    for (const day of MODEL_DAYS) {
      expect(report.status('model/demand_model', day)).toBe('stale');
      expect(report.causes('model/demand_model', day).map((c) => [c.type, c.category])).toEqual([['code-version-changed', 'code']]);
      for (const downstream of ['model/evaluation', 'model/deployment']) {
        // Dagster's rule: their own code and consumed versions are unchanged, so they stay fresh, marked pending
        expect(report.status(downstream, day)).toBe('fresh');
        expect(report.upstreamChangesPending(downstream, day)).toBe(true);
        const root = JSON.stringify(report.explain(downstream, day));
        expect(root).toContain('code-version-changed');
      }
      expect(report.status('features/training_set', day)).toBe('fresh');
    }
    expect(report.status('sales/daily_sales', '2026-01-03')).toBe('fresh');
    // with the original code nothing is stale
    const original = computeStaleness(defs, snapshot);
    for (const day of MODEL_DAYS) expect(original.status('model/demand_model', day)).toBe('fresh');

    // "materialize stale" would rebuild exactly these model days (and, the rest of the year being missing, those too)
    const stalePlan = planMaterializeStale(edited, snapshot, ['features/training_set', 'model/demand_model', 'model/evaluation', 'model/deployment']);
    const stepsOn = (day: string) => stalePlan.runs.flatMap((r) => r.steps).filter((st) => st.partitionKeys.includes(day));
    for (const day of MODEL_DAYS) {
      expect(stepsOn(day).map((st) => st.assetKeys[0]).sort()).toEqual(['model/demand_model', 'model/deployment', 'model/evaluation']);
      const model = stepsOn(day).find((st) => st.assetKeys[0] === 'model/demand_model')!;
      expect(model.reasons.map((r) => r.category)).toEqual(['stale']);
      expect(model.reasons[0]!.message).toMatch(/code version/);
    }
    expect(stepsOn('2026-01-11').map((st) => st.reasons[0]!.category)).toContain('missing');

    const rebuild = planMaterialize(edited, snapshot, ['model/demand_model', 'model/evaluation', 'model/deployment'], { from: MODEL_DAYS[0]!, to: MODEL_DAYS.at(-1)! }, { runPolicy: { kind: 'per-partition' } });
    expect(rebuild.summary.assetPartitionCount).toBe(12);
    await execute(rebuild, edited, storage, ioManagers);
    const after = computeStaleness(edited, await storage.loadStateSnapshot());
    for (const day of MODEL_DAYS) expect(after.status('model/deployment', day)).toBe('fresh');
    const coefficients = artifact('2026-01-10').coefficients;
    expect(coefficients.every((c) => Math.abs(c * 10 - Math.round(c * 10)) < 1e-9)).toBe(true);
    expect(existsSync(join(dir, 'models', 'latest.json'))).toBe(true);
  });
});
