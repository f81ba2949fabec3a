import { spawn, type ChildProcess } from 'node:child_process';
import type { ProjectLocation } from '../project/resolve-project';
import { parseTscOutput, type TypeDiagnostic } from './parse-tsc-output';
import { tscCommand } from './tsc-command';

/** Where the background type check stands. */
export interface TypeCheckState {
  readonly status: 'checking' | 'passed' | 'failed' | 'unavailable';
  /** The errors of the latest finished check. */
  readonly errors: readonly TypeDiagnostic[];
  /** Epoch ms of the latest finished check, or null before the first one. */
  readonly checkedAt: number | null;
  /** Why there is no type check (`unavailable`): tsc could not be started or stopped. */
  readonly problem: string | null;
}

export interface TypeWatcher {
  readonly state: TypeCheckState;
  /** Called after every finished check. */
  onResult(listener: (state: TypeCheckState) => void): void;
  close(): void;
}

const CYCLE_START = /Starting (?:incremental )?compilation|File change detected/;
const CYCLE_END = /Found (\d+) errors?\. Watching for file changes\./;

/**
 * `baton dev`'s background type check: a `tsc --noEmit --watch` child on the project (its
 * tsconfig.json, or strict defaults on the definitions file) that re-checks on every edit. It never
 * blocks runs; the latest errors are in `state` (shown by the API's `definitionsStatus.typeErrors`).
 *
 * @example
 * const types = watchTypes(location);
 * types.onResult((s) => s.errors.forEach((e) => console.log(formatTypeDiagnostic(e))));
 */
export function watchTypes(location: ProjectLocation): TypeWatcher {
  const cmd = tscCommand(location, { watch: true });
  let state: TypeCheckState = { status: 'checking', errors: [], checkedAt: null, problem: null };
  const listeners: ((s: TypeCheckState) => void)[] = [];
  let cycle = '';
  let pending = '';
  let closed = false;
  const child: ChildProcess = spawn(process.execPath, [cmd.tscPath, ...cmd.args], { cwd: cmd.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const onLine = (line: string) => {
    if (CYCLE_START.test(line)) {
      cycle = '';
      state = { ...state, status: 'checking' };
      return;
    }
    if (CYCLE_END.test(line)) {
      const errors = parseTscOutput(cycle, location.dir, cmd.tsconfig ?? 'tsc');
      state = { status: errors.length > 0 ? 'failed' : 'passed', errors, checkedAt: Date.now(), problem: null };
      cycle = '';
      for (const l of listeners) l(state);
      return;
    }
    cycle += `${line}\n`;
  };
  const onData = (data: Buffer) => {
    pending += data.toString();
    const lines = pending.split(/\r?\n/);
    pending = lines.pop()!;
    for (const line of lines) onLine(line);
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const stopped = (problem: string) => {
    if (closed) return;
    state = { status: 'unavailable', errors: state.errors, checkedAt: state.checkedAt, problem };
    for (const l of listeners) l(state);
  };
  child.on('error', (e) => stopped(`could not start tsc: ${e.message}`));
  child.on('exit', (code, signal) => stopped(`tsc stopped (${signal ?? `exit code ${code}`})`));
  return {
    get state() {
      return state;
    },
    onResult: (listener) => void listeners.push(listener),
    close() {
      closed = true;
      child.kill();
    },
  };
}
