#!/usr/bin/env node
// Builds the workspace package in the current directory (every package's `build` script runs this).
// The package's `exports` map is the only input: each entry with a "@baton/source" condition is one
// entry point; its "default" path names the bundled ESM output and, when it has a "types" condition,
// TypeScript declarations are emitted for it.
//
//   "exports": { ".": { "@baton/source": "./src/index.ts", "types": "./dist/index.d.ts", "default": "./dist/index.js" } }
//
// JavaScript: esbuild bundles each entry with its relative imports (the sources import extensionless
// paths, which Node's ESM loader cannot resolve), keeps every bare import (`@baton/*`, npm packages)
// external, and splits shared code into chunks. `--bundle a,b` inlines the npm packages a and b
// instead: for dependencies of many small modules that only this package uses at run time (date-fns
// is ~300 files, kysely ~260), one chunk loads far faster than hundreds of files at each start. Declarations: tsc emits them from the entries without
// the "@baton/source" condition, so other workspace packages' types come from their built dist/ (turbo
// builds dependencies first) exactly as a user's install sees them; then relative specifiers get `.js`
// so NodeNext consumers resolve them too.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = process.cwd();
const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
const started = performance.now();

/** Every export entry with a source condition: { source, js, types? } (paths relative to the package). */
function sourceEntries(exportsMap) {
  return Object.entries(exportsMap ?? {}).flatMap(([subpath, target]) => {
    if (typeof target !== 'object' || target === null || typeof target['@baton/source'] !== 'string') return [];
    if (typeof target.default !== 'string' || !/^\.\/dist\/.+\.js$/.test(target.default)) {
      throw new Error(`${manifest.name}: exports["${subpath}"].default must be ./dist/<name>.js (got ${JSON.stringify(target.default)})`);
    }
    return [{ subpath, source: target['@baton/source'], js: target.default, types: target.types }];
  });
}

const entries = sourceEntries(manifest.exports);
if (entries.length === 0) {
  console.error(`${manifest.name}: no exports entry has a "@baton/source" condition; nothing to build (see README "Adding a package")`);
  process.exit(1);
}

/** Packages named by `--bundle a,b` (inlined into the output instead of imported at run time). */
const bundleFlag = process.argv.indexOf('--bundle');
const inlined = new Set(bundleFlag >= 0 ? (process.argv[bundleFlag + 1] ?? '').split(',').filter(Boolean) : []);
for (const name of inlined) {
  if (!manifest.dependencies?.[name] && !manifest.devDependencies?.[name]) {
    console.error(`${manifest.name}: --bundle ${name}: not a dependency of the package`);
    process.exit(1);
  }
}
const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

rmSync(join(dir, 'dist'), { recursive: true, force: true });

await build({
  absWorkingDir: dir,
  entryPoints: entries.map((e) => ({ in: e.source, out: e.js.replace(/^\.\/dist\//, '').replace(/\.js$/, '') })),
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  plugins: [
    {
      name: 'external-packages',
      setup(b) {
        // every bare specifier stays an import, except the packages to inline (and their own imports)
        b.onResolve({ filter: /^[^./]/ }, (args) => {
          if (args.path.startsWith('node:') || inlined.has(packageName(args.path))) return undefined;
          if (args.importer.includes('/node_modules/') && inlined.size > 0 && !isBaton(args.path)) return undefined;
          return { path: args.path, external: true };
        });
      },
    },
  ],
  keepNames: true,
  chunkNames: '[name]-[hash]',
  logLevel: 'warning',
});

const typed = entries.filter((e) => typeof e.types === 'string');
if (typed.length > 0) {
  const tmp = mkdtempSync(join(tmpdir(), 'baton-build-'));
  const config = join(tmp, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(root, 'tsconfig.base.json'),
      compilerOptions: {
        noEmit: false,
        declaration: true,
        emitDeclarationOnly: true,
        rootDir: join(dir, 'src'),
        outDir: join(dir, 'dist'),
        customConditions: [],
        typeRoots: [join(root, 'node_modules', '@types')],
        tsBuildInfoFile: null,
        incremental: false,
      },
      files: typed.map((e) => join(dir, e.source)),
    }),
  );
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config], { cwd: dir, encoding: 'utf8' });
  rmSync(tmp, { recursive: true, force: true });
  if (tsc.status !== 0) {
    process.stderr.write(tsc.stdout + tsc.stderr);
    console.error(`${manifest.name}: declarations failed (a workspace dependency not built yet? run \`npm run build\` at the root)`);
    process.exit(1);
  }
  for (const entry of typed) {
    if (!existsSync(join(dir, entry.types))) {
      console.error(`${manifest.name}: exports["${entry.subpath}"].types is ${entry.types}, but tsc wrote no such file (expected dist/ + the source path without src/)`);
      process.exit(1);
    }
  }
  for (const file of walk(join(dir, 'dist'))) if (file.endsWith('.d.ts')) addExtensions(file);
}

console.log(`${manifest.name}: built ${entries.map((e) => e.js).join(', ')}${typed.length > 0 ? ' + declarations' : ''} in ${Math.round(performance.now() - started)} ms`);

function isBaton(specifier) {
  return specifier.startsWith('@baton/');
}

function walk(path) {
  return readdirSync(path).flatMap((name) => {
    const full = join(path, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** `from './x'` → `from './x.js'` (or `./x/index.js`) in a declaration file. */
function addExtensions(file) {
  const text = readFileSync(file, 'utf8');
  const fixed = text.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.\.?\/[^'"]*)\2/g, (whole, lead, quote, spec) => {
    if (/\.(js|mjs|cjs|json)$/.test(spec)) return whole;
    const target = resolve(dirname(file), spec);
    if (existsSync(`${target}.d.ts`)) return `${lead}${quote}${spec}.js${quote}`;
    if (existsSync(join(target, 'index.d.ts'))) return `${lead}${quote}${spec.replace(/\/$/, '')}/index.js${quote}`;
    throw new Error(`${relative(dir, file)}: cannot resolve ${spec}`);
  });
  if (fixed !== text) writeFileSync(file, fixed);
}
