import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StepAttemptOutcome, StepExecutor, StepHooks } from '@baton/runner';
import type { FromChild, ToChild } from './protocol';

export interface ProcessPoolExecutorOptions {
  /** Absolute path of the definitions module each step process loads. */
  readonly defsPath: string;
  readonly projectDir: string;
  /** Step processes. Default 2. */
  readonly size?: number;
  readonly env?: NodeJS.ProcessEnv;
}

interface Pending {
  readonly resolve: (outcome: StepAttemptOutcome) => void;
  readonly hooks: StepHooks;
  readonly child: Slot;
}

interface Slot {
  child: ChildProcess;
  ready: Promise<string | undefined>;
  load: number;
}

const WORKER = fileURLToPath(new URL('../../bin/step-worker.mjs', import.meta.url));

/**
 * Runs step attempts in a pool of child processes, each of which loads the project's definitions
 * (with tsx) and runs attempts with the runner's in-process executor; requests, logs and outcomes
 * cross over IPC as plain data. User code never runs on the caller's event loop, and a step
 * process that dies fails only its own attempts (retryable) and is replaced. Processes start on
 * first use or `warm()`.
 *
 * @example
 * const executor = createProcessPoolExecutor({ defsPath, projectDir, size: 2 });
 * startRunCoordinator({ storage, definitions, executor });
 */
export function createProcessPoolExecutor(options: ProcessPoolExecutorOptions): StepExecutor & { readonly pending: number; warm(): void } {
  const size = Math.max(1, options.size ?? 2);
  const pending = new Map<number, Pending>();
  const ended = new Map<number, () => void>();
  let nextId = 1;
  let closed = false;

  const spawnSlot = (): Slot => {
    const child = fork(WORKER, [], {
      env: { ...process.env, ...options.env, BATON_DEFS_PATH: options.defsPath, BATON_PROJECT_DIR: options.projectDir },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    let markReady!: (error: string | undefined) => void;
    const slot: Slot = { child, ready: new Promise((r) => (markReady = r)), load: 0 };
    child.on('message', (message: FromChild) => {
      if (message.type === 'ready') markReady(undefined);
      else if (message.type === 'load-error') markReady(message.message);
      else if (message.type === 'log') pending.get(message.id)?.hooks.log(message.level, message.message, message.fields);
      else if (message.type === 'result') {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (p) {
          p.child.load--;
          p.resolve(message.outcome);
        }
      } else if (message.type === 'ended') {
        ended.get(message.id)?.();
        ended.delete(message.id);
      }
    });
    child.on('exit', (code, signal) => {
      markReady(`the step process exited before loading the definitions (${signal ?? `code ${code}`})`);
      for (const [id, p] of pending) {
        if (p.child !== slot) continue;
        pending.delete(id);
        p.resolve({ ok: false, error: `the step process running this step exited (${signal ?? `code ${code}`})`, retryable: true });
      }
      const i = slots.indexOf(slot);
      if (i >= 0 && !closed) slots[i] = spawnSlot();
    });
    return slot;
  };
  // Step processes start on first use (or `warm()`), so a server answers before they load.
  const slots: Slot[] = [];
  const warm = () => {
    if (slots.length === 0 && !closed) for (let i = 0; i < size; i++) slots.push(spawnSlot());
  };
  const send = (slot: Slot, message: ToChild) => {
    if (slot.child.connected) slot.child.send(message);
  };

  return {
    get pending() {
      return pending.size;
    },
    warm,
    async execute(request, hooks) {
      warm();
      const slot = slots.reduce((a, b) => (b.load < a.load ? b : a));
      slot.load++;
      const loadError = await slot.ready;
      if (loadError) {
        slot.load--;
        return { ok: false, error: `the step process could not load the definitions: ${loadError}`, retryable: false };
      }
      const id = nextId++;
      return new Promise<StepAttemptOutcome>((resolve) => {
        pending.set(id, { resolve, hooks, child: slot });
        const onAbort = () => send(slot, { type: 'abort', id, reason: (hooks.signal.reason as Error)?.message ?? 'aborted' });
        if (hooks.signal.aborted) onAbort();
        else hooks.signal.addEventListener('abort', onAbort, { once: true });
        send(slot, { type: 'execute', id, request });
      });
    },
    async endRun(runId) {
      await Promise.all(
        slots.map(async (slot) => {
          if (await slot.ready) return;
          const id = nextId++;
          await new Promise<void>((resolve) => {
            ended.set(id, resolve);
            if (!slot.child.connected) return resolve();
            send(slot, { type: 'endRun', id, runId });
            slot.child.once('exit', () => resolve());
          });
        }),
      );
    },
    async close() {
      closed = true;
      await Promise.all(
        slots.map(
          (slot) =>
            new Promise<void>((resolve) => {
              if (slot.child.exitCode !== null || slot.child.signalCode !== null) return resolve();
              slot.child.once('exit', () => resolve());
              slot.child.disconnect?.();
              setTimeout(() => slot.child.kill('SIGKILL'), 2_000).unref();
            }),
        ),
      );
    },
  };
}
