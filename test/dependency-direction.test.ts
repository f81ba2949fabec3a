import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * STYLE.md: core ← planner ← runner ← actions ← graphql ← apps/server; storage and the job queue
 * (queue-graphile) implement core's ports and are wired in only by the composition roots (apps/server,
 * @baton/testing). A workspace import or a
 * package.json dependency that points the other way is a bug. The web UI talks to the server over
 * GraphQL only, so it imports no workspace package. Examples use only core's public API and the
 * IO-manager packages (data destinations); their tests may use anything.
 */
const allowed: Record<string, readonly string[]> = {
  '@baton/core': [],
  '@baton/planner': ['@baton/core'],
  '@baton/storage': ['@baton/core'],
  // core's JobQueue port on graphile-worker; wired in by composition roots, like storage
  '@baton/queue-graphile': ['@baton/core'],
  '@baton/io-duckdb': ['@baton/core'],
  '@baton/io-postgres': ['@baton/core'],
  '@baton/runner': ['@baton/core', '@baton/planner'],
  '@baton/automation': ['@baton/core', '@baton/planner'],
  // every user action once; the CLI, the API and the daemon are adapters over it
  '@baton/actions': ['@baton/core', '@baton/planner', '@baton/runner'],
  '@baton/graphql': ['@baton/core', '@baton/planner', '@baton/runner', '@baton/actions', '@baton/automation'],
  '@baton/web': [],
  // a composition root for users' unit tests, like apps/server
  '@baton/testing': ['@baton/core', '@baton/planner', '@baton/runner', '@baton/actions', '@baton/storage'],
};
const EXAMPLE_ALLOWED = ['@baton/core', '@baton/io-duckdb', '@baton/io-postgres'];

const root = join(import.meta.dirname, '..');

interface Manifest {
  readonly name: string;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

interface Workspace {
  readonly dir: string;
  readonly top: string;
  readonly manifest: Manifest;
}

const workspaces: Workspace[] = ['packages', 'apps', 'examples'].flatMap((top) => {
  const dir = join(root, top);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((pkg) => existsSync(join(dir, pkg, 'package.json')))
    .map((pkg) => ({ dir: join(dir, pkg), top, manifest: JSON.parse(readFileSync(join(dir, pkg, 'package.json'), 'utf8')) as Manifest }));
});

/** Source files of a workspace that ship (tests excluded): `src/` and, for examples, the config at the root. */
function sourceFiles(dir: string, depth = 0): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' || name === 'test' || name === 'bench' || depth > 6 ? [] : sourceFiles(path, depth + 1);
    return /\.(ts|tsx|mts)$/.test(name) && !/\.test(-d)?\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The workspace packages a file imports (static, dynamic and type imports; text inside strings does not count). */
function workspaceImports(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const found = new Set<string>();
  for (const ref of info.importedFiles) {
    const m = /^(@baton\/[a-z-]+)/.exec(ref.fileName);
    if (m) found.add(m[1]!);
  }
  return [...found];
}

const runtimeDeps = (m: Manifest) => Object.keys({ ...m.dependencies, ...m.peerDependencies, ...m.optionalDependencies }).filter((d) => d.startsWith('@baton/'));

/** Every workspace package `name` needs at run time, transitively, through package.json dependencies. */
function runtimeClosure(name: string, seen = new Set<string>()): Set<string> {
  const ws = workspaces.find((w) => w.manifest.name === name);
  for (const dep of ws ? runtimeDeps(ws.manifest) : []) {
    if (seen.has(dep)) continue;
    seen.add(dep);
    runtimeClosure(dep, seen);
  }
  return seen;
}

describe('dependency direction', () => {
  for (const { dir, top, manifest } of workspaces) {
    const name = manifest.name;
    const permitted = top === 'examples' ? EXAMPLE_ALLOWED : allowed[name];
    if (!permitted) continue; // apps/server (the CLI) may import everything
    const srcDir = top === 'examples' ? dir : join(dir, 'src');

    it(`${name} imports only ${permitted.join(', ') || 'no workspace package'}`, () => {
      const violations = sourceFiles(srcDir).flatMap((file) =>
        workspaceImports(file)
          .filter((imp) => imp !== name && !permitted.includes(imp))
          .map((imp) => `${relative(root, file)} imports ${imp}`),
      );
      expect(violations).toEqual([]);
    });

    it(`${name}'s package.json depends only on ${permitted.join(', ') || 'no workspace package'}`, () => {
      expect(runtimeDeps(manifest).filter((dep) => !permitted.includes(dep))).toEqual([]);
    });
  }

  it('no devDependency closes a cycle (a package never develops against one that needs it)', () => {
    const cycles = workspaces.flatMap(({ manifest }) =>
      Object.keys(manifest.devDependencies ?? {})
        .filter((dep) => dep.startsWith('@baton/') && runtimeClosure(dep).has(manifest.name))
        .map((dep) => `${manifest.name} → ${dep}`),
    );
    expect(cycles).toEqual([]);
  });

  it('catches an upward import and ignores the same text inside a string', () => {
    const dir = join(root, 'node_modules', '.cache', 'dependency-direction-probe');
    const file = join(dir, 'probe.ts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, "const snippet = `import { asset } from '@baton/core';`;\nexport const load = () => import('@baton/graphql');\n");
    try {
      expect(workspaceImports(file)).toEqual(['@baton/graphql']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('core has no I/O imports (it also runs in the browser)', () => {
    const violations = sourceFiles(join(root, 'packages/core/src')).filter((file) =>
      ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.some((ref) => /^(node:|fs$|path$|child_process$|crypto$)/.test(ref.fileName)),
    );
    expect(violations.map((f) => relative(root, f))).toEqual([]);
  });
});
