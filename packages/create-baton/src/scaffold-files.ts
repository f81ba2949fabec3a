/** One file of a new project: its path relative to the project folder, and its text. */
export interface ScaffoldFile {
  readonly path: string;
  readonly text: string;
}

export interface ScaffoldOptions {
  /** The package name written to package.json. */
  readonly name: string;
  /** The Baton version the project depends on (this package's own version). */
  readonly version: string;
}

/**
 * The package.json of a new project, as an object (initProject merges it into an existing one).
 * The `overrides` keep two graphql-yoga dependencies on the last versions that run on Node 20.
 *
 * @example
 * scaffoldManifest({ name: 'shop', version: '0.1.0' }).scripts.dev // 'baton dev'
 */
export function scaffoldManifest(options: ScaffoldOptions) {
  const baton = `^${options.version}`;
  return {
    name: options.name,
    version: '0.0.0',
    private: true,
    type: 'module',
    scripts: {
      dev: 'baton dev',
      // daily assets run their latest day (and the days it reads); --from/--to picks others
      materialize: "baton materialize --select '*'",
      typecheck: 'tsc --noEmit',
      test: 'vitest run',
    },
    dependencies: {
      '@baton/cli': baton,
      '@baton/core': baton,
    },
    devDependencies: {
      '@baton/testing': baton,
      '@types/node': '^20.19.0',
      typescript: '~6.0.3',
      vitest: '~4.1.12',
    },
    overrides: {
      '@whatwg-node/promise-helpers': '1.3.2',
      '@whatwg-node/disposablestack': '0.0.6',
    },
  };
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2023',
    lib: ['ES2023'],
    module: 'Preserve',
    moduleResolution: 'Bundler',
    strict: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    isolatedModules: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
  },
  include: ['**/*.ts'],
  exclude: ['node_modules', '.baton'],
};

const CONFIG = `// Baton loads this file's default export: \`npm run dev\` (UI at http://127.0.0.1:3000), \`npm run materialize\`.
import { asset, check, dailyPartitions, definitions, input, timeWindowMapping } from '@baton/core';

/** One partition per day. \`ctx.partitionKey\` is the day, e.g. '2026-01-01'. */
const daily = dailyPartitions({ start: '2026-01-01' });

/** A small reference table. Replace the list with a query to your database or API. */
export const products = asset({
  key: 'raw/products',
  description: 'What the shop sells, with prices in cents.',
  compute: () => [
    { sku: 'tea', priceCents: 450 },
    { sku: 'cake', priceCents: 320 },
  ],
});

/** A day of orders (daily partitions). \`products\` is typed from the asset above: a typed edge. */
export const orders = asset({
  key: 'raw/orders',
  description: 'The orders of one day.',
  partitions: daily,
  ins: { products },
  compute: (ctx, { products }) => {
    const day = Number(ctx.partitionKey!.slice(-2)); // a stand-in for real data: quantities vary by day
    return products.map((p, i) => ({ day: ctx.partitionKey!, sku: p.sku, quantity: 1 + ((day + i) % 4), amountCents: (1 + ((day + i) % 4)) * p.priceCents }));
  },
});

/**
 * Revenue over the last three days. The partition mapping makes each day read three daily
 * partitions of raw/orders (fewer at the start), loaded together as a Map from day to orders.
 */
export const trailingRevenue = asset({
  key: 'marts/trailing_revenue',
  description: 'Revenue in cents over the day and the two before it.',
  partitions: daily,
  ins: { days: input(orders, { mapping: timeWindowMapping({ startOffset: -2 }), load: 'many' }) },
  compute: (_ctx, { days }) => [...days.values()].flat().reduce((sum, order) => sum + order.amountCents, 0),
});

/** An asset check: runs after each materialization of raw/orders; an error-severity failure fails the step. */
export const quantitiesPositive = check({
  name: 'quantities_positive',
  asset: orders,
  severity: 'error',
  description: 'Every order line has a positive quantity.',
  fn: (_ctx, rows) => ({ passed: rows.every((row) => row.quantity > 0), metadata: { rows: rows.length } }),
});

export default definitions({ assets: [products, orders, trailingRevenue], checks: [quantitiesPositive] });
`;

const TEST = `// A unit test of an asset: materializeToMemory runs a selection in memory (no .baton/ folder).
import { materializeToMemory } from '@baton/testing';
import { describe, expect, it } from 'vitest';
import defs, { trailingRevenue } from '../baton.config';

describe('marts/trailing_revenue', () => {
  it('sums the orders of the day and the two days before', async () => {
    const result = await materializeToMemory(defs, { selection: '+marts/trailing_revenue', partitions: { from: '2026-01-01', to: '2026-01-03' } });
    expect(result.success).toBe(true);
    // 2026-01-01: 2 tea (900) + 3 cake (960); 01-02: 3 tea + 4 cake; 01-03: 4 tea + 1 cake
    expect(result.valueOf(trailingRevenue, '2026-01-01')).toBe(1_860);
    expect(result.valueOf(trailingRevenue, '2026-01-03')).toBe(1_860 + 2_630 + 2_120);
  });
});
`;

const GITIGNORE = `node_modules/
# Baton's local state: the SQLite store, stored values and logs
.baton/
`;

/**
 * Every file a new project starts with, package.json first.
 *
 * @example
 * scaffoldFiles({ name: 'shop', version: '0.1.0' }).map((f) => f.path)
 * // ['package.json', 'tsconfig.json', 'baton.config.ts', 'test/trailing-revenue.test.ts', '.gitignore']
 */
export function scaffoldFiles(options: ScaffoldOptions): readonly ScaffoldFile[] {
  return [
    { path: 'package.json', text: `${JSON.stringify(scaffoldManifest(options), null, 2)}\n` },
    { path: 'tsconfig.json', text: `${JSON.stringify(TSCONFIG, null, 2)}\n` },
    { path: 'baton.config.ts', text: CONFIG },
    { path: 'test/trailing-revenue.test.ts', text: TEST },
    { path: '.gitignore', text: GITIGNORE },
  ];
}
