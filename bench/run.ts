/**
 * `npm run bench -- [prefix...]` runs every benchmark scenario whose name starts with one of the
 * prefixes (all when none) and prints one JSON line per scenario:
 *   {"scenario":"core.graph-build.10k","value":12.3,"unit":"ms"}
 * Scenarios live in `packages/<name>/bench/*.bench.ts` and `apps/<name>/bench/*.bench.ts`,
 * each exporting `scenarios: BenchScenario[]`.
 *
 * Each bench file runs in a process of its own (this script again, with `--file`), so a figure does
 * not depend on what else was selected: one file's heap, compiled code and leftover handles are not
 * in another's measure. Scenarios of one file share their process (some share a fixture). Each line
 * also says how fast the host was just before its file's process started (`hostMs`, see host-speed.ts;
 * measured here, in the parent: run in a file's process, it changed the figures measured after it).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hostSpeedMs } from './host-speed';
import type { BenchScenario } from './scenario';

const args = process.argv.slice(2).filter((a) => a !== '--');
/** `--file <path>`: run that file's scenarios here (the parent's child); `--root <dir>`: where packages/ and apps/ are (tests). */
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  args.splice(at, 2);
  return value;
};
const onlyFile = option('--file');
/** Measured by the parent just before it started this file's process (not here: it changed the figures measured after it). */
const hostMsArg = option('--host-ms');
const hostMs = hostMsArg === undefined ? undefined : Number(hostMsArg);
const root = resolve(option('--root') ?? join(import.meta.dirname, '..'));
const prefixes = args;

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

async function scenariosOf(file: string): Promise<BenchScenario[]> {
  const mod = (await import(pathToFileURL(file).href)) as { scenarios?: BenchScenario[] };
  return (mod.scenarios ?? []).filter((s) => selected(s.name));
}

/** Runs the selected scenarios of one file in this process; returns how many failed. */
async function runFile(file: string): Promise<number> {
  let failures = 0;
  for (const scenario of await scenariosOf(file)) {
    if (scenario.skip) {
      const reason = await scenario.skip();
      if (reason) {
        console.error(`skipped ${scenario.name}: ${reason}`);
        continue;
      }
    }
    try {
      const results = await scenario.run();
      for (const r of Array.isArray(results) ? results : [results]) {
        const line: Record<string, unknown> = { scenario: r.scenario ?? scenario.name, value: round(r.value), unit: r.unit ?? scenario.unit };
        const bar = r.bar ?? (r.scenario === undefined || r.scenario === scenario.name ? scenario.bar : undefined);
        if (bar) {
          line.bar = bar.label;
          line.pass = bar.check(r.value);
          if (!line.pass) failures++;
        }
        if (hostMs !== undefined) line.hostMs = hostMs;
        console.log(JSON.stringify(line));
      }
    } catch (error) {
      failures++;
      console.log(JSON.stringify({ scenario: scenario.name, error: error instanceof Error ? error.message : String(error) }));
    }
  }
  return failures;
}

if (onlyFile !== undefined) {
  const failures = await runFile(onlyFile);
  // a scenario may leave a handle open (a pool, a timer): its file's process ends here, with the verdict
  process.exit(failures > 0 ? 1 : 0);
}

// which files hold a selected scenario (a file is imported, not run, to know its scenario names)
const files: string[] = [];
for (const file of benchFiles()) if ((await scenariosOf(file)).length > 0) files.push(file);
if (files.length === 0) {
  console.error(`no benchmark scenario matches ${prefixes.join(', ') || '(all)'}`);
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  // the flags this script was started with (`--conditions=@baton/source --import tsx`)
  const host = ['--host-ms', String(round(hostSpeedMs()))];
  const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--root', root, '--file', file, ...host, ...prefixes], { stdio: 'inherit' });
  if (child.status !== 0) failed++;
  if (child.status !== 0 && child.status !== 1) console.log(JSON.stringify({ scenario: file.slice(root.length + 1), error: `bench process ended ${child.signal ?? `with code ${child.status}`}` }));
}
process.exit(failed > 0 ? 1 : 0);

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
