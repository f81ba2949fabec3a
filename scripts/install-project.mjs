// A Baton project as a user gets it: every publishable package packed, installed from the tarballs
// into a folder in the OS temp directory (outside this repository), then `baton init`. Used by the
// install test (scripts/test-install.mjs) and the CLI benchmarks (apps/server/bench/*).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = realpathSync(fileURLToPath(new URL('..', import.meta.url)));

/** The environment of a user's shell: without this repository's npm and node settings (NODE_OPTIONS adds the source condition). */
export function userEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|NODE_OPTIONS$|INIT_CWD$|NODE_PATH$|VITEST)/i.test(k)));
  return { ...env, NO_COLOR: '1', TURBO_TELEMETRY_DISABLED: '1', ...extra };
}

/** Runs a command to its end; resolves { code, stdout, stderr, ms }. */
export function run(command, args, { cwd, env = userEnv(), timeoutMs = 600_000 } = {}) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out after ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

/** Builds every package (turbo, cached) unless `skipBuild`, and packs them into a fresh temp folder. */
export async function packAll({ skipBuild = false, log = () => {} } = {}) {
  if (!skipBuild) {
    log('building the packages (npm run build)…');
    const built = await run('npm', ['run', 'build'], { cwd: REPO, env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' }, timeoutMs: 1_200_000 });
    if (built.code !== 0) throw new Error(`npm run build failed:\n${built.stdout.slice(-4000)}\n${built.stderr.slice(-4000)}`);
  }
  const out = mkdtempSync(join(tmpdir(), 'baton-tarballs-'));
  log('packing every publishable package…');
  const packed = await run(process.execPath, [join(REPO, 'scripts', 'pack-packages.mjs'), '--out', out], { cwd: REPO, env: process.env });
  if (packed.code !== 0) throw new Error(`packing failed:\n${packed.stderr}`);
  const tarballs = readdirSync(out).filter((f) => f.endsWith('.tgz')).map((f) => join(out, f));
  return { dir: out, tarballs };
}

/**
 * A folder outside the repository where nothing can resolve through the repository's node_modules:
 * throws when the folder is inside the repository or an ancestor has a node_modules or package.json.
 */
export function outsideFolder(prefix) {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  if (dir === REPO || dir.startsWith(REPO + sep)) throw new Error(`${dir} is inside the repository ${REPO}; set TMPDIR to a folder outside it`);
  for (let up = dirname(dir); ; up = dirname(up)) {
    for (const name of ['node_modules', 'package.json']) {
      if (existsSync(join(up, name))) throw new Error(`${join(up, name)} is an ancestor of the test project: modules could resolve through it; set TMPDIR to a clean folder`);
    }
    if (dirname(up) === up) break;
  }
  return dir;
}

/**
 * Installs the tarballs into a new folder outside the repository (`npm install <tarballs>`, which
 * writes package.json), runs `baton init` there, and `npm install` again for what init added
 * (TypeScript, vitest). Resolves the project folder and the timings.
 */
export async function installProject(tarballs, { log = () => {}, init = true } = {}) {
  const dir = outsideFolder('baton-project-');
  log(`npm install <${tarballs.length} tarballs> in ${dir} (better-sqlite3 compiles from source: 1–2 minutes)…`);
  const installed = await run('npm', ['install', '--no-audit', '--no-fund', ...tarballs], { cwd: dir, timeoutMs: 1_500_000 });
  if (installed.code !== 0) throw new Error(`npm install of the tarballs failed:\n${installed.stdout}\n${installed.stderr}`);
  const timings = { installMs: installed.ms };
  if (init) {
    const created = await run(batonBin(dir), ['init'], { cwd: dir });
    if (created.code !== 0) throw new Error(`baton init failed (${created.code}):\n${created.stdout}\n${created.stderr}`);
    const completed = await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: dir, timeoutMs: 900_000 });
    if (completed.code !== 0) throw new Error(`npm install after baton init failed:\n${completed.stdout}\n${completed.stderr}`);
    timings.devInstallMs = completed.ms;
  }
  return { dir, timings };
}

/** The project's own `baton` (node_modules/.bin), never a global one or this repository's. */
export function batonBin(dir) {
  return join(dir, 'node_modules', '.bin', 'baton');
}

/** Where a bare specifier resolves from the project folder (the file, real path). */
export function resolveFrom(dir, specifier) {
  return realpathSync(createRequire(join(dir, 'package.json')).resolve(specifier));
}
