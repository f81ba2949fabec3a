import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Workspace packages export their sources under the "@baton/source" condition (dist/ otherwise), so
 * tests need no build: vite resolves with it, and every process a test starts (`node --import tsx …`,
 * the `baton` bin, step processes) inherits it through NODE_OPTIONS.
 */
const SOURCE_CONDITION = '@baton/source';
if (!(process.env.NODE_OPTIONS ?? '').includes(`--conditions=${SOURCE_CONDITION}`)) {
  process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, `--conditions=${SOURCE_CONDITION}`].filter(Boolean).join(' ');
}

/**
 * Workspaces whose tests start `baton` processes and Chromium: a test's time there is mostly process start-up,
 * seconds apiece when the other worker is busy too, so they get a longer default timeout.
 */
const PROCESS_HEAVY = new Set(['apps/server', 'apps/web']);

/**
 * Two test files at once even on two cores (vitest's default there is one): the slowest files (kill -9 and outage
 * chaos tests, heartbeat timeouts) mostly wait, and one worker left the other core idle through them.
 */
const MAX_WORKERS = Math.max(2, availableParallelism() - 1);

/** Every workspace folder (packages/*, apps/*, examples/*) is one vitest project, named after it. */
const workspaces = ['packages', 'apps', 'examples'].flatMap((root) =>
  existsSync(root) ? readdirSync(root).map((name) => `${root}/${name}`) : [],
);

export default defineConfig({
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions], externalConditions: [SOURCE_CONDITION] } },
  test: {
    globalSetup: ['./test/global-setup.ts'],
    projects: [
      // repository-wide checks (dependency direction, …)
      { extends: true, test: { name: 'repo', include: ['test/**/*.test.ts'] } },
      // type tests (*.test-d.ts) of every workspace, in one tsc pass
      {
        extends: true,
        test: {
          name: 'types',
          include: [],
          typecheck: { enabled: true, only: true, include: ['{packages,apps,examples}/*/src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      ...workspaces.map((dir) => ({
        extends: true as const,
        test: {
          name: dir.split('/')[1],
          include: [`${dir}/src/**/*.test.{ts,tsx}`, `${dir}/test/**/*.test.{ts,tsx}`],
          ...(PROCESS_HEAVY.has(dir) ? { testTimeout: 90_000 } : {}),
        },
      })),
    ],
    maxWorkers: MAX_WORKERS,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
