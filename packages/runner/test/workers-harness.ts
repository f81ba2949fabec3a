import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { BatonStorage, JobQueue, StoredEvent } from '@baton/core';
import { graphileJobQueue } from '@baton/queue-graphile';
import { createPostgresStorage, type PostgresStorage } from '@baton/storage';
import pg from 'pg';

export const PG_URL = process.env.BATON_TEST_POSTGRES_URL;
const root = join(import.meta.dirname, '..', '..', '..');

/** A fresh storage schema and job queue (its own schema) for one test; `drop()` removes both. */
export async function openWorkerDatabase(): Promise<{ storage: PostgresStorage; schema: string; jobSchema: string; queue: JobQueue; drop(): Promise<void> }> {
  const tag = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const schema = `wk_${tag}`;
  const jobSchema = `gw_${tag}`;
  const storage = await createPostgresStorage({ url: PG_URL!, schema, poolSize: 6 });
  const queue = graphileJobQueue({ connectionString: PG_URL!, schema: jobSchema });
  await queue.prepare();
  return {
    storage,
    schema,
    jobSchema,
    queue,
    async drop() {
      await queue.close();
      await storage.close();
      await sql(jobSchema, `drop schema if exists "${schema}" cascade; drop schema if exists "${jobSchema}" cascade`);
    },
  };
}

/** Runs SQL on the test database. */
export async function sql<R = Record<string, unknown>>(_jobSchema: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: PG_URL! });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as R[];
  } finally {
    await client.end();
  }
}

export interface SpawnedWorker {
  readonly name: string;
  readonly child: ChildProcess;
  readonly lines: string[];
  readonly ready: Promise<void>;
  readonly exited: Promise<NodeJS.Signals | number | null>;
  /** `step` lines the worker printed, parsed. */
  steps(): { worker: string; runId: string; stepKey: string; kind: string; end?: string; recorded?: boolean }[];
}

/** Starts a real worker process (`node --import tsx/esm test/fixtures/worker-main.ts …`). */
export function spawnWorker(db: { schema: string; jobSchema: string }, ioDir: string, name: string, concurrency: number, env: Record<string, string> = {}): SpawnedWorker {
  const child = spawn(process.execPath, ['--import', 'tsx/esm', join(import.meta.dirname, 'fixtures', 'worker-main.ts'), PG_URL!, db.schema, db.jobSchema, ioDir, name, String(concurrency)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let markReady!: () => void;
  let failReady!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => ((markReady = resolve), (failReady = reject)));
  let buffer = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      lines.push(line);
      if (line.startsWith('ready ')) markReady();
    }
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      failReady(new Error(`worker ${name} exited before it was ready (${signal ?? code})`));
      resolve(signal ?? code);
    }),
  );
  return {
    name,
    child,
    lines,
    ready,
    exited,
    steps: () => lines.filter((l) => l.startsWith('step ')).map((l) => JSON.parse(l.slice(5))),
  };
}

/** Stops a worker gracefully (SIGTERM) unless it already exited. */
export async function stopWorker(worker: SpawnedWorker): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  worker.child.kill('SIGTERM');
  const timer = setTimeout(() => worker.child.kill('SIGKILL'), 10_000);
  await worker.exited;
  clearTimeout(timer);
}

/** Waits until `predicate` holds for the run's stored events. */
export async function waitForEvents(storage: BatonStorage, runId: string, predicate: (events: StoredEvent[]) => boolean, timeoutMs = 20_000): Promise<StoredEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const events = await storage.eventsForRun(runId);
    if (predicate(events)) return events;
    if (Date.now() > deadline) throw new Error(`timed out waiting for events of run ${runId}; have: ${events.map((e) => e.type + ('stepKey' in e ? `(${e.stepKey})` : '')).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
