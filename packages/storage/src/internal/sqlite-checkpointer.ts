import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';

/** The main connection's automatic checkpoint, in WAL frames (4 KB pages): SQLite's own, while no worker checkpoints. */
export const INLINE_CHECKPOINT_FRAMES = 10_000;
/** The main connection's automatic checkpoint while the worker runs: a backstop should the worker fall behind. */
export const BACKSTOP_CHECKPOINT_FRAMES = 40_000;

export interface CheckpointerOptions {
  /** How often the worker checkpoints while it runs. */
  readonly intervalMs: number;
  /** Appends before the worker starts: a process that writes little (a CLI command) starts no thread. */
  readonly afterWrites: number;
}

export interface Checkpointer {
  /** Counts one write transaction; starts the worker at `afterWrites`. */
  wrote(): void;
  /** Stops the worker and closes its connection (before the main connection closes, so the last close still checkpoints). */
  close(): Promise<void>;
}

// The worker: its own connection, a PASSIVE checkpoint every interval (never waits for readers or the writer).
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { timeout: 0 });
const tick = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * Checkpoints a WAL database from a worker thread, so the main thread's commits never copy the WAL into
 * the database file and wait for its fsync: SQLite's automatic checkpoint runs inside the commit that
 * crosses its threshold, which took 20–110 ms (mostly fsync) for the ~4,000 frames of one 1,000-step
 * run on this machine. The worker starts after `afterWrites` appends; the main connection's automatic
 * checkpoint moves to a backstop at `BACKSTOP_CHECKPOINT_FRAMES` as it starts, and goes back to
 * `INLINE_CHECKPOINT_FRAMES` should the worker fail (to open the file, or later).
 *
 * @example
 * const checkpointer = sqliteCheckpointer(database, path, { intervalMs: 250, afterWrites: 32 });
 * checkpointer.wrote(); // after each append
 * await checkpointer.close(); // before database.close()
 */
export function sqliteCheckpointer(database: BetterSqlite3.Database, path: string, options: CheckpointerOptions): Checkpointer {
  let writes = 0;
  let worker: Worker | undefined;
  let exited: Promise<void> = Promise.resolve();
  let closed = false;
  const inline = () => {
    if (!closed && database.open) database.pragma(`wal_autocheckpoint = ${INLINE_CHECKPOINT_FRAMES}`);
  };
  const start = () => {
    try {
      worker = new Worker(WORKER, { eval: true, workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), path, intervalMs: options.intervalMs } });
    } catch {
      return; // no worker: SQLite keeps checkpointing inline
    }
    worker.unref();
    // now, not on a message from the worker: a run's appends resolve in microtasks, and the main thread would
    // read that message only once the run ended, checkpointing inline (copy and two fsyncs) every 10,000 frames meanwhile
    database.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_FRAMES}`);
    worker.on('error', () => {}); // then it exits
    exited = new Promise((resolve) => worker!.once('exit', () => {
      inline(); // a worker that died (not closed by us) leaves checkpoints to SQLite again
      resolve();
    }));
  };
  return {
    wrote() {
      if (++writes === options.afterWrites && !closed) start();
    },
    async close() {
      closed = true;
      if (!worker) return;
      worker.ref(); // an unref'd worker would let the process end while close waits for it
      worker.postMessage('close');
      await exited;
    },
  };
}
