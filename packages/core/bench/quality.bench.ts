/**
 * quality.validate.100k-rows: validateOutput() of 100,000 rows against z.array of a 10-field object
 * schema (5 strings, 5 numbers; every row valid, so every row is fully parsed). Rows are built
 * outside the timed part. Median of 5 runs after a warm-up.
 */
import { z } from 'zod';
import { below, medianMs, type BenchScenario } from '../../../bench/scenario';
import { validateOutput } from '../src/index';

const FIELDS = 10;
const schema = z.array(z.object(Object.fromEntries(Array.from({ length: FIELDS }, (_, i) => [`f${i}`, i % 2 ? z.number() : z.string()]))));
const rows = (n: number) => Array.from({ length: n }, (_, r) => Object.fromEntries(Array.from({ length: FIELDS }, (_, i) => [`f${i}`, i % 2 ? r * i : `v${r}`])));

export const scenarios: BenchScenario[] = [
  {
    name: 'quality.validate.100k-rows',
    unit: 'ms',
    bar: below(250),
    async run() {
      const data = rows(100_000);
      const value = await medianMs(() => {
        if (!validateOutput(schema, data).ok) throw new Error('bench rows must be valid');
      });
      return { value, bar: below(250) };
    },
  },
];
