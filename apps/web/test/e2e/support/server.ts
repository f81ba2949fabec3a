import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../../../../..');
const BATON_BIN = join(REPO, 'apps/server/bin/baton.mjs');

export interface RunningServer {
  readonly url: string;
  readonly projectDir: string;
  stop(): Promise<void>;
}

/**
 * Copies a project (an example or a fixture) to a temp folder (its own fresh SQLite under `.baton/`),
 * links the repo's node_modules so `@baton/core` resolves, and starts a real `baton dev` on a free port
 * (`watch: true` reloads the definitions when a test edits the copy, as a user editing code would).
 * `prepare` runs on the copy before the server starts.
 *
 * @example
 * const server = await startBaton(join(REPO, 'examples/warehouse-rollups')); … await server.stop();
 */
export async function startBaton(
  sourceDir: string,
  options: { env?: Record<string, string>; timeoutMs?: number; args?: readonly string[]; watch?: boolean; prepare?: (projectDir: string) => Promise<void> } = {},
): Promise<RunningServer> {
  const projectDir = mkdtempSync(join(tmpdir(), 'baton-web-e2e-'));
  cpSync(sourceDir, projectDir, { recursive: true, filter: (src) => !/[\\/](node_modules|\.baton)([\\/]|$)/.test(src.slice(sourceDir.length)) });
  if (!existsSync(join(projectDir, 'node_modules'))) symlinkSync(join(REPO, 'node_modules'), join(projectDir, 'node_modules'), 'dir');
  await options.prepare?.(projectDir); // e.g. store a history in the copy's .baton/ before the server opens it
  const child: ChildProcess = spawn(process.execPath, [BATON_BIN, 'dev', '-C', projectDir, '--port', '0', ...(options.watch ? [] : ['--no-watch']), ...(options.args ?? [])], {
    cwd: projectDir,
    env: { ...process.env, ...options.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`baton dev did not become ready in time:\n${output}`)), options.timeoutMs ?? 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /ready at (http:\/\/[\d.]+:\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`baton dev exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    projectDir,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => {
          const t = setTimeout(() => {
            child.kill('SIGKILL');
            r(undefined);
          }, 5000);
          child.once('exit', () => {
            clearTimeout(t);
            r(undefined);
          });
        });
      }
      rmSync(projectDir, { recursive: true, force: true });
    },
  };
}
