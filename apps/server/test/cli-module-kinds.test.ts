import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baton, makeProject, removeProject } from './baton-process';

/**
 * The definitions module loads whatever the project's module kind: a `.ts` file is CommonJS when the
 * nearest package.json has no `"type": "module"`, ESM when it has; `.mts`, `.js` and `.cjs` work too.
 */
const ESM_DEFS = `import { asset, definitions } from '@baton/core';
const raw = asset({ key: 'raw/n', compute: () => 2 });
const doubled = asset({ key: 'marts/doubled', ins: { n: raw }, compute: (_ctx, { n }) => n * 2 });
export default definitions({ assets: [raw, doubled] });
`;
const CJS_DEFS = `const { asset, definitions } = require('@baton/core');
const raw = asset({ key: 'raw/n', compute: () => 2 });
const doubled = asset({ key: 'marts/doubled', ins: { n: raw }, compute: (_ctx, { n }) => n * 2 });
module.exports = definitions({ assets: [raw, doubled] });
`;

const cases: { name: string; type: 'module' | 'commonjs' | undefined; file: string; source: string }[] = [
  { name: 'baton.config.ts, package.json without "type"', type: undefined, file: 'baton.config.ts', source: ESM_DEFS },
  { name: 'baton.config.ts, "type": "commonjs"', type: 'commonjs', file: 'baton.config.ts', source: ESM_DEFS },
  { name: 'baton.config.ts, "type": "module"', type: 'module', file: 'baton.config.ts', source: ESM_DEFS },
  { name: 'defs.mts, package.json without "type"', type: undefined, file: 'defs.mts', source: ESM_DEFS },
  { name: 'defs.js (ESM), "type": "module"', type: 'module', file: 'defs.js', source: ESM_DEFS },
  { name: 'defs.js (CommonJS), package.json without "type"', type: undefined, file: 'defs.js', source: CJS_DEFS },
  { name: 'defs.cjs, "type": "module"', type: 'module', file: 'defs.cjs', source: CJS_DEFS },
];

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeProject));

describe('definitions load in either module kind', () => {
  for (const c of cases) {
    it(`${c.name}: materialize and status`, async () => {
      const dir = makeProject('noop');
      dirs.push(dir);
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'kinds', private: true, ...(c.type ? { type: c.type } : {}) }));
      writeFileSync(join(dir, c.file), c.source);
      mkdirSync(join(dir, '.baton'), { recursive: true });
      const args = c.file === 'baton.config.ts' ? [] : ['--defs', c.file];
      const run = await baton([...args, 'materialize', '--select', '*', '--json'], { cwd: dir, timeoutMs: 60_000 });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const status = await baton([...args, 'status', '--json'], { cwd: dir, timeoutMs: 60_000 });
      expect(status.code).toBe(0);
      expect(status.stdout).toContain('marts/doubled');
    }, 120_000);
  }
});
