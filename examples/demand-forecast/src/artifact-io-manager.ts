import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IOManager } from '@baton/core';

/**
 * Writes each value as `<dir>/<partition>.json` (atomically: a temporary file, then a rename) and
 * points `<dir>/latest.json` at the newest partition written — the "deployed" model a service
 * would load.
 *
 * @example
 * definitions({ assets, ioManagers: { artifacts: artifactIOManager({ dir: '.baton/models' }) } });
 */
export function artifactIOManager(options: { readonly dir: string }): IOManager {
  const file = (partitionKey: string | null) => join(options.dir, `${partitionKey ?? 'model'}.json`);
  const write = (path: string, text: string) => {
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
  };
  return {
    handleOutput(ctx, value) {
      mkdirSync(options.dir, { recursive: true });
      const text = `${JSON.stringify(value, null, 2)}\n`;
      write(file(ctx.partitionKey), text);
      const latest = join(options.dir, 'latest.json');
      let current: string | null = null;
      try {
        current = (JSON.parse(readFileSync(latest, 'utf8')) as { day?: string }).day ?? null;
      } catch {
        // no model deployed yet
      }
      if (current === null || (ctx.partitionKey ?? '') >= current) write(latest, text);
    },
    loadInput(ctx) {
      return JSON.parse(readFileSync(file(ctx.partitionKey), 'utf8'));
    },
  };
}
