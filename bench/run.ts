/**
 * `npm run bench -- [prefix...]` runs every benchmark scenario whose name starts with one of the
 * prefixes (all when none) and prints one JSON line per scenario:
 *   {"scenario":"core.graph-build.10k","value":12.3,"unit":"ms"}
 * Scenarios live in `packages/<name>/bench/*.bench.ts` and `apps/<name>/bench/*.bench.ts`,
 * each exporting `scenarios: BenchScenario[]`.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchScenario } from './scenario';

const root = resolve(import.meta.dirname, '..');
const prefixes = process.argv.slice(2).filter((a) => a !== '--');

function benchFiles(): string[] {
  const files: string[] = [];
  for (const top of ['packages', 'apps']) {
    const dir = join(root, top);
    if (!existsSync(dir)) continue;
    for (const pkg of readdirSync(dir)) {
      const benchDir = join(dir, pkg, 'bench');
      if (!existsSync(benchDir)) continue;
      for (const f of readdirSync(benchDir)) if (f.endsWith('.bench.ts')) files.push(join(benchDir, f));
    }
  }
  return files.sort();
}

const selected = (name: string) => prefixes.length === 0 || prefixes.some((p) => name === p || name.startsWith(p.endsWith('.') ? p : `${p}.`) || name.startsWith(p));

let failures = 0;
let ran = 0;
for (const file of benchFiles()) {
  const mod = (await import(pathToFileURL(file).href)) as { scenarios?: BenchScenario[] };
  for (const scenario of mod.scenarios ?? []) {
    if (!selected(scenario.name)) continue;
    if (scenario.skip) {
      const reason = await scenario.skip();
      if (reason) {
        console.error(`skipped ${scenario.name}: ${reason}`);
        continue;
      }
    }
    try {
      const results = await scenario.run();
      ran++;
      for (const r of Array.isArray(results) ? results : [results]) {
        const line: Record<string, unknown> = { scenario: r.scenario ?? scenario.name, value: round(r.value), unit: r.unit ?? scenario.unit };
        const bar = r.bar ?? (r.scenario === undefined || r.scenario === scenario.name ? scenario.bar : undefined);
        if (bar) {
          line.bar = bar.label;
          line.pass = bar.check(r.value);
          if (!line.pass) failures++;
        }
        console.log(JSON.stringify(line));
      }
    } catch (error) {
      failures++;
      console.log(JSON.stringify({ scenario: scenario.name, error: error instanceof Error ? error.message : String(error) }));
    }
  }
}
if (ran === 0) {
  console.error(`no benchmark scenario matches ${prefixes.join(', ') || '(all)'}`);
  process.exit(2);
}
process.exit(failures > 0 ? 1 : 0);

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
