#!/usr/bin/env node
// Packs every publishable workspace package (packages/*, apps/* that are not private) into one folder:
//   node scripts/pack-packages.mjs --out /tmp/baton-tarballs     (run `npm run build` first)
// Each package is staged in a temporary copy whose package.json is the one users get: the
// "@baton/source" export condition (src/ is not shipped) and the development-only fields are removed,
// and "*" ranges on sibling @baton packages become their exact version, so a published set installs
// as one consistent version. Prints one tarball path per line; exits 1 naming a package not built.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outFlag = process.argv.indexOf('--out');
const out = resolve(outFlag > 0 && process.argv[outFlag + 1] ? process.argv[outFlag + 1] : join(root, 'artifacts', 'packages'));
mkdirSync(out, { recursive: true });

/** The publishable workspace packages: { dir, manifest }. */
export function publishablePackages() {
  return ['packages', 'apps'].flatMap((top) =>
    readdirSync(join(root, top))
      .map((name) => join(root, top, name))
      .filter((dir) => existsSync(join(dir, 'package.json')))
      .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
      .filter(({ manifest }) => manifest.private !== true),
  );
}

/** The package.json a user installs. */
export function publishedManifest(manifest, versions) {
  const strip = (target) => {
    if (typeof target !== 'object' || target === null) return target;
    return Object.fromEntries(Object.entries(target).filter(([k]) => k !== '@baton/source').map(([k, v]) => [k, strip(v)]));
  };
  const pin = (deps) =>
    deps && Object.fromEntries(Object.entries(deps).map(([name, range]) => [name, range === '*' && versions.has(name) ? versions.get(name) : range]));
  const { devDependencies: _dev, scripts: _scripts, ...rest } = manifest;
  return { ...rest, exports: strip(manifest.exports), dependencies: pin(manifest.dependencies), ...(manifest.peerDependencies ? { peerDependencies: pin(manifest.peerDependencies) } : {}) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const packages = publishablePackages();
  const versions = new Map(packages.map(({ manifest }) => [manifest.name, manifest.version]));
  const stage = mkdtempSync(join(tmpdir(), 'baton-pack-'));
  try {
    for (const { dir, manifest } of packages) {
      if (!existsSync(join(dir, 'dist'))) {
        console.error(`${manifest.name} is not built (${join(dir, 'dist')} is missing): run \`npm run build\` first`);
        process.exit(1);
      }
      const copy = join(stage, manifest.name.replace('/', '__'));
      mkdirSync(copy);
      for (const entry of [...(manifest.files ?? []), 'README.md', 'LICENSE']) {
        if (existsSync(join(dir, entry))) cpSync(join(dir, entry), join(copy, entry), { recursive: true });
      }
      writeFileSync(join(copy, 'package.json'), JSON.stringify(publishedManifest(manifest, versions), null, 2) + '\n');
      const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: copy, encoding: 'utf8' }).trim().split('\n').at(-1);
      console.log(join(out, name));
    }
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
