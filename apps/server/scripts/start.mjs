// `npm start` at the repository root: builds the web UI if it is missing, generates the richest
// example's data on first start (a two-day backfill), then runs `baton dev` on it.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const example = join(root, 'examples', 'warehouse-rollups');
const baton = join(root, 'apps', 'server', 'bin', 'baton.mjs');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (!existsSync(join(root, 'apps', 'web', 'dist', 'index.html'))) {
  console.log('Building the web UI (first start)…');
  const built = spawnSync(npm, ['run', 'build', '-w', '@baton/web'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) console.log('The web UI did not build; the server still serves the API and a page saying how to build the UI.');
}

if (!existsSync(join(example, '.baton', 'baton.db')) && !process.env.BATON_DATABASE_URL) {
  console.log('Generating the example data (first start): two days of hourly events and their rollups…');
  const seeded = spawnSync(
    process.execPath,
    [baton, 'backfill', '--select', 'not key:rollups/monthly_sales and not key:reports/region_leaderboard', '--from', '2026-01-01', '--to', '2026-01-02', '--max-concurrent', '4'],
    { cwd: example, stdio: 'inherit' },
  );
  if (seeded.status !== 0) console.log('Generating the example data failed; starting anyway (see `npm exec baton -- runs --project-dir examples/warehouse-rollups`).');
}

const dev = spawn(process.execPath, [baton, 'dev', ...process.argv.slice(2)], { cwd: example, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => dev.kill(signal));
dev.on('exit', (code) => process.exit(code ?? 0));
