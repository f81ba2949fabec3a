import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IOManager } from '@baton/core';
import type { Dashboard } from './assets';
import { renderDashboardHtml } from './render-dashboard-html';

/**
 * An IO manager that publishes: each dashboard partition becomes `<dir>/<day>.json` and
 * `<day>.html`. Files are written to a temporary name and renamed, so a reader never sees half a
 * page. `loadInput` reads the JSON back, so further assets could build on the dashboard.
 *
 * @example
 * definitions({ assets, ioManagers: { site: siteIOManager({ dir: '.baton/site' }) } });
 */
export function siteIOManager(options: { readonly dir: string }): IOManager {
  const file = (partitionKey: string | null, ext: string) => join(options.dir, `${partitionKey ?? 'dashboard'}.${ext}`);
  const write = (path: string, text: string) => {
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
  };
  return {
    handleOutput(ctx, value) {
      const dashboard = value as Dashboard;
      mkdirSync(options.dir, { recursive: true });
      write(file(ctx.partitionKey, 'json'), `${JSON.stringify(dashboard, null, 2)}\n`);
      write(file(ctx.partitionKey, 'html'), renderDashboardHtml(dashboard));
    },
    loadInput(ctx) {
      return JSON.parse(readFileSync(file(ctx.partitionKey, 'json'), 'utf8')) as Dashboard;
    },
  };
}
