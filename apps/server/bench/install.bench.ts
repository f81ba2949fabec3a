import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { below, median, type BenchScenario } from '../../../bench/scenario';
import { batonBin, installProject, outsideFolder, packAll, run, userEnv } from '../../../scripts/install-project.mjs';

/**
 * The CLI as a user runs it: packages built, packed and installed from the tarballs into a folder
 * outside the repository (once per bench run, shared by the scenarios; `npm install` compiles
 * better-sqlite3, so preparing takes minutes), the built JavaScript started with plain node.
 */
let installed: Promise<string> | undefined;
const environment = () =>
  (installed ??= (async () => {
    const { tarballs, dir } = await packAll({ log: (line) => console.error(`[bench] ${line}`) });
    const project = await installProject(tarballs, { init: false, log: (line) => console.error(`[bench] ${line}`) });
    rmSync(dir, { recursive: true, force: true });
    return project.dir;
  })());

/** The scaffold's `npm run materialize`: every asset, the daily ones for their latest day (and the days it reads). */
const FIRST_MATERIALIZE = ['materialize', '--select', '*'];

/** An empty folder whose node_modules is the installed one: `baton init` there writes a new project. */
function emptyFolderWithPackages(packages: string): string {
  const dir = outsideFolder('baton-bench-');
  symlinkSync(join(packages, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

async function baton(dir: string, args: readonly string[]): Promise<number> {
  const result = await run(batonBin(dir), args, { cwd: dir, env: userEnv() });
  if (result.code !== 0) throw new Error(`baton ${args.join(' ')} exited ${result.code}: ${result.stderr.slice(-2000)}`);
  return result.ms;
}

export const scenarios: BenchScenario[] = [
  {
    name: 'cli.init.first-materialize',
    unit: 'ms',
    bar: below(5_000),
    async run() {
      const packages = await environment();
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const dir = emptyFolderWithPackages(packages);
        try {
          const t0 = performance.now();
          await baton(dir, ['init']);
          await baton(dir, FIRST_MATERIALIZE);
          times.push(performance.now() - t0);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
      return { value: median(times) };
    },
  },
  {
    // a fresh process answering at once: node's start, the CLI's modules, commander
    name: 'cli.version.cold',
    unit: 'ms',
    bar: below(300),
    async run() {
      const packages = await environment();
      await baton(packages, ['--version']); // warm-up: the OS file cache
      const times: number[] = [];
      for (let i = 0; i < 7; i++) times.push(await baton(packages, ['--version']));
      return { value: median(times) };
    },
  },
  {
    name: 'cli.materialize.startup',
    unit: 'ms',
    bar: below(600),
    async run() {
      const packages = await environment();
      const dir = emptyFolderWithPackages(packages);
      try {
        await baton(dir, ['init']);
        await baton(dir, ['materialize', '--select', 'raw/products']); // warm-up: creates the store
        const times: number[] = [];
        for (let i = 0; i < 5; i++) times.push(await baton(dir, ['materialize', '--select', 'raw/products']));
        return { value: median(times) };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
