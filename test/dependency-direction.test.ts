import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * STYLE.md: core ← planner ← runner ← graphql ← apps/server; storage implements core's ports and is
 * wired in only by apps/server. A workspace import that points the other way is a bug.
 */
const allowed: Record<string, readonly string[]> = {
  '@baton/core': [],
  '@baton/planner': ['@baton/core'],
  '@baton/storage': ['@baton/core'],
  '@baton/io-duckdb': ['@baton/core'],
  '@baton/io-postgres': ['@baton/core'],
  '@baton/runner': ['@baton/core', '@baton/planner'],
  '@baton/automation': ['@baton/core', '@baton/planner'],
  '@baton/graphql': ['@baton/core', '@baton/planner', '@baton/runner', '@baton/automation'],
  '@baton/web': ['@baton/core'],
  // a composition root for users' unit tests, like apps/server
  '@baton/testing': ['@baton/core', '@baton/planner', '@baton/runner', '@baton/storage'],
};

const root = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test(-d)?\.tsx?$/.test(name) ? [path] : [];
  });
}

function workspaceImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = new Set<string>();
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](@baton\/[a-z-]+)/g)) found.add(m[1]!);
  return [...found];
}

describe('dependency direction', () => {
  for (const top of ['packages', 'apps']) {
    const dir = join(root, top);
    if (!existsSync(dir)) continue;
    for (const pkg of readdirSync(dir)) {
      const manifest = join(dir, pkg, 'package.json');
      if (!existsSync(manifest)) continue;
      const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name: string }).name;
      const permitted = allowed[name];
      if (!permitted) continue; // apps/server may import everything
      it(`${name} imports only ${permitted.join(', ') || 'no workspace package'}`, () => {
        const violations = sourceFiles(join(dir, pkg, 'src')).flatMap((file) =>
          workspaceImports(file)
            .filter((imp) => imp !== name && !permitted.includes(imp))
            .map((imp) => `${relative(root, file)} imports ${imp}`),
        );
        expect(violations).toEqual([]);
      });
    }
  }

  it('core has no I/O imports (it also runs in the browser)', () => {
    const violations = sourceFiles(join(root, 'packages/core/src')).filter((file) =>
      /from\s+['"](node:|fs|path|child_process|crypto)['"/]/.test(readFileSync(file, 'utf8')),
    );
    expect(violations.map((f) => relative(root, f))).toEqual([]);
  });
});
