import { spawn } from 'node:child_process';
import type { ProjectLocation } from '../project/resolve-project';
import { parseTscOutput, type TypeDiagnostic } from './parse-tsc-output';
import { tscCommand } from './tsc-command';

export interface TypeCheckResult {
  readonly errors: readonly TypeDiagnostic[];
  /** The tsconfig.json used, or null for the strict defaults. */
  readonly tsconfig: string | null;
  readonly durationMs: number;
}

/**
 * Type-checks a project once with `tsc --noEmit` (its tsconfig.json, or strict defaults on the
 * definitions file) and returns the errors. `baton materialize --typecheck` refuses to run on any.
 *
 * @example
 * const { errors } = await typeCheckProject(location);
 * errors.map(formatTypeDiagnostic);
 */
export function typeCheckProject(location: ProjectLocation): Promise<TypeCheckResult> {
  const cmd = tscCommand(location);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cmd.tscPath, ...cmd.args], { cwd: cmd.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const errors = parseTscOutput(out, location.dir, cmd.tsconfig ?? 'tsc');
      if (code !== 0 && errors.length === 0) {
        reject(new Error(`tsc exited with code ${code} without reporting an error:\n${out.trim()}`));
        return;
      }
      resolve({ errors, tsconfig: cmd.tsconfig, durationMs: Date.now() - started });
    });
  });
}
