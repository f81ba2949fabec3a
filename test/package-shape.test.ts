import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every library package (packages/*) and the CLI (apps/server) is publishable and has the same shape,
 * so scripts/build-package.mjs builds it and scripts/pack-packages.mjs packs it with no per-package
 * code (README: "Adding a package"). Examples and the web app stay private.
 */
const root = join(import.meta.dirname, '..');
const HOW = 'see README.md, "Adding a package"';

interface Manifest {
  name: string;
  version?: string;
  private?: boolean;
  description?: string;
  license?: string;
  type?: string;
  engines?: { node?: string };
  files?: string[];
  scripts?: Record<string, string>;
  exports?: Record<string, unknown>;
  dependencies?: Record<string, string>;
}

const read = (dir: string): Manifest => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as Manifest;
const workspaces = (top: string) =>
  existsSync(join(root, top)) ? readdirSync(join(root, top)).map((name) => `${top}/${name}`).filter((dir) => existsSync(join(root, dir, 'package.json'))) : [];

const publishable = [...workspaces('packages'), 'apps/server'];

describe('publishable package shape', () => {
  for (const dir of publishable) {
    const pkg = read(dir);
    it(`${pkg.name} (${dir}) is publishable: version, license, engines, files, build script (${HOW})`, () => {
      const problems: string[] = [];
      if (pkg.private) problems.push('is "private"');
      if (!/^\d+\.\d+\.\d+/.test(pkg.version ?? '')) problems.push('has no semver "version"');
      if (!pkg.description) problems.push('has no "description"');
      if (pkg.license !== 'MIT') problems.push('"license" is not "MIT"');
      if (pkg.type !== 'module') problems.push('"type" is not "module"');
      if (pkg.engines?.node !== '>=20.19') problems.push('"engines.node" is not ">=20.19"');
      if (!pkg.files?.includes('dist')) problems.push('"files" does not include "dist"');
      if (!pkg.scripts?.build?.startsWith('node ../../scripts/build-package.mjs')) problems.push('"scripts.build" is not "node ../../scripts/build-package.mjs"');
      for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
        if (name.startsWith('@baton/') && range !== '*') problems.push(`depends on ${name}@${range}; workspace packages use "*" (pack-packages pins the version)`);
      }
      expect(problems).toEqual([]);
    });

    it(`${pkg.name} exports sources under "@baton/source" and dist/ otherwise, "types" before "default" (${HOW})`, () => {
      const problems: string[] = [];
      const entries = Object.entries(pkg.exports ?? {}).filter(([, t]) => typeof t === 'object' && t !== null);
      if (entries.length === 0) problems.push('has no conditional "exports" entry');
      for (const [subpath, target] of entries) {
        const keys = Object.keys(target as object);
        const t = target as Record<string, string>;
        if (keys[0] !== '@baton/source') problems.push(`exports["${subpath}"]: "@baton/source" must be the first condition`);
        if (!t['@baton/source']?.startsWith('./src/') || !existsSync(join(root, dir, t['@baton/source']))) problems.push(`exports["${subpath}"]["@baton/source"] is not an existing ./src/ file`);
        if (!/^\.\/dist\/.+\.js$/.test(t.default ?? '')) problems.push(`exports["${subpath}"].default is not ./dist/<name>.js`);
        if (keys.at(-1) !== 'default') problems.push(`exports["${subpath}"]: "default" must be the last condition`);
        if (t.types !== undefined && !/^\.\/dist\/.+\.d\.ts$/.test(t.types)) problems.push(`exports["${subpath}"].types is not ./dist/<path>.d.ts`);
      }
      if (dir.startsWith('packages/')) {
        const main = (pkg.exports?.['.'] ?? {}) as Record<string, string>;
        if (main['@baton/source'] !== './src/index.ts' || main.types !== './dist/index.d.ts' || main.default !== './dist/index.js') {
          problems.push('exports["."] is not { "@baton/source": "./src/index.ts", "types": "./dist/index.d.ts", "default": "./dist/index.js" }');
        }
      }
      expect(problems).toEqual([]);
    });
  }

  it('examples and the web app stay private', () => {
    const open = [...workspaces('examples'), 'apps/web'].filter((dir) => read(dir).private !== true);
    expect(open).toEqual([]);
  });
});
