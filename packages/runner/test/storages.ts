import type { BatonStorage } from '@baton/core';
import { createPostgresStorage, createSqliteStorage } from '@baton/storage';

/** The backends every runner suite runs on: SQLite always, PostgreSQL when BATON_TEST_POSTGRES_URL is set. */
export const BACKENDS: { name: 'sqlite' | 'postgres'; open(): Promise<BatonStorage> }[] = [
  { name: 'sqlite', open: () => createSqliteStorage({ path: ':memory:' }) },
  ...(process.env.BATON_TEST_POSTGRES_URL
    ? [
        {
          name: 'postgres' as const,
          open: () =>
            createPostgresStorage({
              url: process.env.BATON_TEST_POSTGRES_URL!,
              schema: `runner_${process.pid}_${Math.random().toString(36).slice(2, 8)}`,
              poolSize: 4,
            }),
        },
      ]
    : []),
];
