import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './server';

const WEB = join(REPO, 'apps/web');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Builds apps/web/dist when it is missing or older than the sources, so browser tests and benchmarks
 * always exercise the current UI.
 *
 * @example
 * ensureUiBuilt();
 */
export function ensureUiBuilt(): void {
  const index = join(WEB, 'dist/index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(newestMtime(join(WEB, 'src')), statSync(join(WEB, 'index.html')).mtimeMs)) return;
  execFileSync(process.execPath, [join(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: WEB, stdio: 'inherit' });
}
