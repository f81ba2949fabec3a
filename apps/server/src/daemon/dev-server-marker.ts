import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a running `baton dev` says about itself in `<project>/.baton/dev-server.json`. */
export interface DevServerMarker {
  readonly pid: number;
  readonly url: string;
  readonly startedAt: number;
}

const file = (projectDir: string) => join(projectDir, '.baton', 'dev-server.json');

/**
 * Records that a dev server serves this project (so `baton backfill` lets it drive the backfill).
 *
 * @example
 * writeDevServerMarker(dir, { pid: process.pid, url, startedAt: Date.now() });
 */
export function writeDevServerMarker(projectDir: string, marker: DevServerMarker): () => void {
  mkdirSync(join(projectDir, '.baton'), { recursive: true });
  writeFileSync(file(projectDir), JSON.stringify(marker));
  return () => {
    try {
      const current = JSON.parse(readFileSync(file(projectDir), 'utf8')) as DevServerMarker;
      if (current.pid === marker.pid) rmSync(file(projectDir));
    } catch {
      // already gone
    }
  };
}

/**
 * The dev server serving this project, if one is alive.
 *
 * @example
 * const server = liveDevServer(dir); // { pid, url } or undefined
 */
export function liveDevServer(projectDir: string): DevServerMarker | undefined {
  if (!existsSync(file(projectDir))) return undefined;
  try {
    const marker = JSON.parse(readFileSync(file(projectDir), 'utf8')) as DevServerMarker;
    process.kill(marker.pid, 0);
    return marker;
  } catch {
    return undefined;
  }
}
