import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/** Every workspace folder (packages/*, apps/*, examples/*) is one vitest project, named after it. */
const workspaces = ['packages', 'apps', 'examples'].flatMap((root) =>
  existsSync(root) ? readdirSync(root).map((name) => `${root}/${name}`) : [],
);

export default defineConfig({
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
        test: { name: dir.split('/')[1], include: [`${dir}/src/**/*.test.{ts,tsx}`, `${dir}/test/**/*.test.{ts,tsx}`] },
      })),
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
