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
      { extends: true, test: { name: 'repo', include: ['test/**/*.test.ts'] } },
      ...workspaces.map((dir) => ({
      extends: true,
      test: {
        name: dir.split('/')[1],
        include: [`${dir}/src/**/*.test.ts`, `${dir}/test/**/*.test.ts`],
        typecheck: { enabled: true, include: [`${dir}/src/**/*.test-d.ts`], tsconfig: './tsconfig.json' },
      },
    })),
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
