import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const SERVER = join(import.meta.dirname, '..');
export const BATON = join(SERVER, 'bin', 'baton.mjs');
const PROJECTS = join(SERVER, '.test-projects');

export interface BatonResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A fresh project directory holding a copy of a fixture (inside the repo, so `@baton/core`
 * resolves), with its own SQLite store in `.baton/`.
 */
export function makeProject(fixture: string): string {
  mkdirSync(PROJECTS, { recursive: true });
  const dir = mkdtempSync(join(PROJECTS, `${fixture}-`));
  const from = join(SERVER, 'test', 'fixtures', fixture);
  // `*.ts.txt` fixtures hold deliberately broken TypeScript (kept out of the repo's type-check)
  for (const file of readdirSync(from)) copyFileSync(join(from, file), join(dir, file.replace(/\.ts\.txt$/, '.ts')));
  return dir;
}

export function removeProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs the real `baton` process to its end. */
export function baton(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<BatonResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BATON, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`baton ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 25_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts a long-running `baton` process (dev, worker) and resolves once `ready` appears on stdout. */
export function startBaton(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; ready: RegExp; timeoutMs?: number }): Promise<{ child: ChildProcess; output: () => string; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BATON, ...args], { cwd: options.cwd, env: { ...process.env, NO_COLOR: '1', ...options.env } });
    let out = '';
    const output = () => out;
    const onData = (d: Buffer) => {
      out += d;
      const match = options.ready.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, output, match });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`baton ${args.join(' ')} was not ready in time:\n${out}`));
    }, options.timeoutMs ?? 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!options.ready.test(out)) reject(new Error(`baton ${args.join(' ')} exited (${code}) before ready:\n${out}`));
    });
  });
}

/** Stops a long-running baton process with SIGTERM and waits for it to exit. */
export function stopBaton(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    // a child that already ended, by exit or by a signal (kill -9 leaves exitCode null), emits no more 'exit'
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 8_000).unref();
  });
}

/** Posts a GraphQL operation and returns the parsed JSON body. */
export async function graphql(url: string, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: any; errors?: { message: string }[] }> {
  const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: { message: string }[] };
}

/** Polls `check` until it returns a truthy value. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 15_000, everyMs = 150): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
