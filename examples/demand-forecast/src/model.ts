import { asset, input, timeWindowMapping } from '@baton/core';
import { fitLeastSquares, predict } from './least-squares';
import { modelDays } from './partitions';
import { dailySales } from './sales';
import { isWeekend, STORES } from './simulation';
import { dailyWeather } from './weather';

/** The features, in the order of the coefficient vector. */
export const FEATURES = ['intercept', 'storeSizeK', 'temperatureC', 'rainMm', 'weekend'] as const;

/** The last 7 days of a daily partition: this day and the 6 before it. */
const lastWeek = timeWindowMapping({ startOffset: -6 });

/**
 * Join: one row per store and day over the last 7 days. Both inputs use `load: 'many'`, so each is a
 * ReadonlyMap from day to that day's value — typed from the upstream assets.
 */
export const trainingSet = asset({
  key: 'features/training_set',
  group: 'model',
  owners: ['team:ml'],
  partitions: modelDays,
  ins: {
    sales: input(dailySales, { mapping: lastWeek, load: 'many' }),
    weather: input(dailyWeather, { mapping: lastWeek, load: 'many' }),
  },
  compute: (ctx, { sales, weather }) => {
    const rows = [...sales.entries()].flatMap(([day, storeDays]) =>
      storeDays.map((s) => {
        const store = STORES.find((x) => x.id === s.storeId)!;
        const w = weather.get(day)?.find((x) => x.city === store.city);
        if (!w) throw new Error(`no weather for ${store.city} on ${day}`);
        return { day, storeId: s.storeId, storeSizeK: store.sizeK, temperatureC: w.temperatureC, rainMm: w.rainMm, weekend: isWeekend(day) ? 1 : 0, units: s.units };
      }),
    );
    ctx.addMetadata({ rows: rows.length, days: sales.size });
    // the partition's own day is held out for evaluation; the 6 days before it train the model
    return { train: rows.filter((r) => r.day !== ctx.partitionKey), holdout: rows.filter((r) => r.day === ctx.partitionKey) };
  },
});

/** A training row as the training set produces it. */
export type TrainingRow = NonNullable<(typeof trainingSet)['__output']>['train'][number];

/** The feature vector of a row, in FEATURES order. */
export const features = (r: TrainingRow): number[] => [1, r.storeSizeK, r.temperatureC, r.rainMm, r.weekend];

/** Train: ordinary least squares on the training rows. Edit this function and the model goes stale. */
export const demandModel = asset({
  key: 'model/demand_model',
  group: 'model',
  owners: ['team:ml'],
  kinds: ['linear-regression'],
  partitions: modelDays, // same partitions as the training set: day t reads day t
  ins: { training: trainingSet },
  compute: (ctx, { training }) => {
    const coefficients = fitLeastSquares(training.train.map(features), training.train.map((r) => r.units));
    ctx.addMetadata({ trainRows: training.train.length });
    return { features: [...FEATURES], coefficients };
  },
});

/** Evaluate: mean absolute error on the held-out day, next to a baseline that predicts the training mean. */
export const evaluation = asset({
  key: 'model/evaluation',
  group: 'model',
  owners: ['team:ml'],
  partitions: modelDays,
  ins: { model: demandModel, training: trainingSet },
  compute: (ctx, { model, training }) => {
    const mean = training.train.reduce((s, r) => s + r.units, 0) / training.train.length;
    const mae = (guess: (r: TrainingRow) => number) =>
      training.holdout.reduce((s, r) => s + Math.abs(guess(r) - r.units), 0) / training.holdout.length;
    const result = { holdoutRows: training.holdout.length, mae: mae((r) => predict(model.coefficients, features(r))), baselineMae: mae(() => mean) };
    ctx.addMetadata(result);
    return result;
  },
});

/** Deploy: the model and its scores as an artifact file (see artifact-io-manager.ts), approved if it beats the baseline. */
export const deployment = asset({
  key: 'model/deployment',
  group: 'model',
  owners: ['team:ml'],
  kinds: ['artifact'],
  partitions: modelDays,
  ioManager: 'artifacts',
  ins: { model: demandModel, evaluation },
  compute: (ctx, { model, evaluation }) => ({
    day: ctx.partitionKey!,
    ...model,
    ...evaluation,
    approved: evaluation.mae < evaluation.baselineMae,
  }),
});

export type Deployment = NonNullable<(typeof deployment)['__output']>;
