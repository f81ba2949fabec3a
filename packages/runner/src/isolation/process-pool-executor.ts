import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StepAttemptOutcome, StepExecutor, StepHooks, StepRequest } from '../execute/step-request';
import type { ChildMessage, DefinitionsModuleRef, InitMessage, ParentMessage } from './messages';

export interface ProcessPoolExecutorOptions {
  /** The module holding the user's definitions, loaded once per process. */
  readonly definitions: DefinitionsModuleRef;
  /** Optional module exporting extra IO managers by key. */
  readonly ioManagers?: DefinitionsModuleRef;
  /** baseDir of the default filesystem IO manager in the step processes. */
  readonly baseDir?: string;
  readonly resourceConfig?: Readonly<Record<string, unknown>>;
  /**
   * The project folder: the processes import the definitions compiled into its
   * `.baton/cache/definitions/` (see `compiledDefinitions`) instead of compiling them with tsx.
   */
  readonly projectDir?: string;
  /** Processes in the pool (each runs one step at a time; reused across steps and runs). Default 2. */
  readonly size?: number;
  /** Extra node flags, e.g. `['--max-old-space-size=512']`. */
  readonly execArgv?: readonly string[];
  /** After a step is aborted, how long its process gets before it is killed. Default 2,000 ms. */
  readonly killAfterMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

interface Job {
  readonly id: number;
  readonly request: StepRequest;
  readonly hooks: StepHooks;
  resolve(outcome: StepAttemptOutcome): void;
}

interface Worker {
  readonly child: ChildProcess;
  ready: Promise<void>;
  job: Job | null;
  stderrTail: string;
  dead: boolean;
  /** Loaded definitions that were since reloaded: takes no new step, exits once its step ended. */
  retiring: boolean;
  killTimer?: NodeJS.Timeout;
}

/**
 * From the sources (Baton's repository, tests) the step process runs step-process-main.ts with the
 * "@baton/source" export condition; from the built package, dist/step-process-main.js (its bundle
 * entry, next to the chunk holding this code).
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const CHILD_MAIN = fileURLToPath(new URL(FROM_SOURCE ? './step-process-main.ts' : './step-process-main.js', import.meta.url));
const CHILD_FLAGS = FROM_SOURCE ? ['--conditions=@baton/source'] : [];
const OOM = /heap out of memory|Reached heap limit|Allocation failed/i;

/** tsx's loader (ESM and CommonJS hooks): the user's definitions are TypeScript, in either module kind. */
function tsxLoader(): string {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return 'tsx';
  }
}

/**
 * Runs steps in a small pool of long-lived child processes that load the user's definitions module
 * by path: user code never runs on the caller's event loop (a CPU-bound asset cannot freeze a
 * server), and an asset that crashes its process (uncaught exception, `process.exit`, out of
 * memory) fails its step with a clear error while the pool replaces the process. Processes are
 * reused across steps and runs. stdout/stderr of asset code become LOG events. `reload()` after the
 * definitions module changed sends new steps to fresh processes; `warm()` starts processes early.
 *
 * @example
 * const executor = createProcessPoolExecutor({ definitions: { path: '/app/baton.config.ts', exportName: 'default' }, size: 4 });
 * await executeRun({ run, definitions: defs, storage, executor });
 * await executor.close();
 */
/** The process pool: a StepExecutor plus pool controls. */
export interface ProcessPoolExecutor extends StepExecutor {
  /** Pids of the live step processes. */
  pids(): number[];
  /** Starts the pool's processes now (they otherwise start on the first step), so the first step does not wait for definitions to load. */
  warm(): void;
  /**
   * The definitions module changed: new steps go to fresh processes (which load it again), while
   * steps in flight finish on the old ones, which then exit.
   */
  reload(): void;
  /** Steps queued or executing. */
  readonly pending: number;
}

export function createProcessPoolExecutor(options: ProcessPoolExecutorOptions): ProcessPoolExecutor {
  const size = Math.max(1, options.size ?? 2);
  const killAfterMs = options.killAfterMs ?? 2_000;
  const workers: Worker[] = [];
  const queue: Job[] = [];
  let nextId = 1;
  let closed = false;
  const init: InitMessage = {
    type: 'init',
    definitions: options.definitions,
    ioManagers: options.ioManagers ?? null,
    baseDir: options.baseDir ?? null,
    resourceConfig: options.resourceConfig ?? {},
    projectDir: options.projectDir ?? null,
    // built: the process loads Baton natively and imports tsx only if a module still needs it
    typeScriptLoader: FROM_SOURCE ? null : tsxLoader(),
  };
  const runEndWaiters = new Map<string, Set<() => void>>();

  const spawnWorker = (): Worker => {
    // from the sources, the process's own modules are TypeScript: tsx from the start
    const loader = FROM_SOURCE ? ['--import', tsxLoader()] : [];
    const child = spawn(process.execPath, [...CHILD_FLAGS, ...(options.execArgv ?? []), ...loader, CHILD_MAIN], {
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      serialization: 'advanced',
      env: options.env ?? process.env,
    });
    const worker: Worker = { child, ready: Promise.resolve(), job: null, stderrTail: '', dead: false, retiring: false };
    worker.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (m: ChildMessage) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'init-failed') reject(new Error(`could not load definitions from ${options.definitions.path}: ${m.error}`));
      };
      child.on('message', onMessage);
      child.once('exit', () => reject(new Error('the step process exited while loading definitions')));
    });
    worker.ready.catch(() => {});
    child.stderr?.on('data', (chunk: Buffer) => {
      worker.stderrTail = (worker.stderrTail + chunk.toString('utf8')).slice(-8_192);
      process.stderr.write(chunk);
    });
    child.on('message', (m: ChildMessage) => {
      const job = worker.job;
      if (m.type === 'log' && job && m.id === job.id) job.hooks.log(m.level, m.message, m.fields);
      else if (m.type === 'result' && job && m.id === job.id) {
        clearTimeout(worker.killTimer);
        worker.job = null;
        job.resolve(m.outcome);
        if (worker.retiring) retire(worker);
        dispatch();
      } else if (m.type === 'run-ended') {
        for (const done of runEndWaiters.get(m.runId) ?? []) done();
      }
    });
    child.on('exit', (code, signal) => {
      worker.dead = true;
      clearTimeout(worker.killTimer);
      workers.splice(workers.indexOf(worker), 1);
      const job = worker.job;
      worker.job = null;
      if (job) {
        const oom = OOM.test(worker.stderrTail) || (signal === 'SIGABRT' || code === 134);
        const how = job.hooks.signal.aborted
          ? `was stopped after the step was aborted (${(job.hooks.signal.reason as Error)?.message ?? 'aborted'})`
          : oom
            ? 'ran out of memory'
            : signal
              ? `was killed by ${signal}`
              : `exited with code ${code}`;
        job.resolve({ ok: false, error: `the process executing step ${job.request.stepKey} ${how}`, retryable: !job.hooks.signal.aborted });
      }
      for (const waiters of runEndWaiters.values()) for (const done of waiters) done();
      dispatch();
    });
    sendTo(worker, init satisfies ParentMessage);
    workers.push(worker);
    return worker;
  };

  /**
   * Sends to a child without ever throwing or emitting an unhandled 'error': a child that died
   * between dispatch and send is killed for sure, and its 'exit' handler fails its job clearly.
   */
  function sendTo(w: Worker, message: ParentMessage): boolean {
    if (w.dead || !w.child.connected) return false;
    w.child.send(message, (error) => {
      if (error && !w.dead) w.child.kill('SIGKILL');
    });
    return true;
  }

  const current = () => workers.filter((w) => !w.dead && !w.retiring);
  const retire = (w: Worker) => {
    w.retiring = true;
    if (w.job || w.dead) return;
    if (w.child.connected) w.child.disconnect(); // the process exits on disconnect
    setTimeout(() => w.child.kill('SIGKILL'), 5_000).unref();
  };
  const dispatch = () => {
    if (closed) return;
    while (queue.length > 0) {
      let worker = workers.find((w) => !w.dead && !w.retiring && w.job === null);
      if (!worker && current().length < size) worker = spawnWorker();
      if (!worker) return;
      const job = queue.shift()!;
      if (job.hooks.signal.aborted) {
        job.resolve({ ok: false, error: `step ${job.request.stepKey} was aborted before it started`, retryable: false });
        continue;
      }
      worker.job = job;
      const w = worker;
      w.ready.then(
        () => {
          if (w.job !== job || w.dead) return;
          sendTo(w, { type: 'execute', id: job.id, request: job.request } satisfies ParentMessage);
        },
        (error: Error) => {
          if (w.job !== job) return;
          w.job = null;
          job.resolve({ ok: false, error: error.message, retryable: false });
          w.child.kill('SIGKILL');
        },
      );
    }
  };

  return {
    pids: () => workers.filter((w) => !w.dead).map((w) => w.child.pid!),
    warm() {
      while (!closed && current().length < size) spawnWorker();
    },
    reload() {
      for (const w of [...workers]) retire(w);
      dispatch();
    },
    get pending() {
      return queue.length + workers.filter((w) => w.job !== null).length;
    },
    execute(request, hooks) {
      return new Promise<StepAttemptOutcome>((resolve) => {
        const job: Job = { id: nextId++, request, hooks, resolve };
        const onAbort = () => {
          const worker = workers.find((w) => w.job === job);
          if (!worker) {
            const i = queue.indexOf(job);
            if (i >= 0) {
              queue.splice(i, 1);
              resolve({ ok: false, error: `step ${request.stepKey} was aborted before it started`, retryable: false });
            }
            return;
          }
          sendTo(worker, { type: 'abort', id: job.id, reason: (hooks.signal.reason as Error)?.message ?? 'aborted' } satisfies ParentMessage);
          worker.killTimer = setTimeout(() => worker.child.kill('SIGKILL'), killAfterMs);
        };
        hooks.signal.addEventListener('abort', onAbort, { once: true });
        queue.push(job);
        dispatch();
      });
    },
    async endRun(runId) {
      const live = workers.filter((w) => !w.dead);
      if (live.length === 0) return;
      await new Promise<void>((resolve) => {
        let pending = live.length;
        const waiters = new Set<() => void>();
        const done = () => {
          if (--pending <= 0) {
            runEndWaiters.delete(runId);
            clearTimeout(timer);
            resolve();
          }
        };
        waiters.add(done);
        runEndWaiters.set(runId, waiters);
        const timer = setTimeout(() => {
          runEndWaiters.delete(runId);
          resolve();
        }, 10_000);
        for (const w of live) w.ready.then(() => { if (!sendTo(w, { type: 'endRun', runId } satisfies ParentMessage)) done(); }, done);
      });
    },
    async close() {
      closed = true;
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.dead) return resolve();
              w.child.once('exit', () => resolve());
              if (w.child.connected) w.child.disconnect();
              setTimeout(() => w.child.kill('SIGKILL'), 2_000).unref();
            }),
        ),
      );
    },
  };
}
