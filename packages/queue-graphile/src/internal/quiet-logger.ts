import { isConnectionError } from '@baton/core';
import type { Logger } from 'graphile-worker';

/**
 * graphile-worker's logger for Baton workers: errors and warnings to stderr (prefixed), the
 * per-job info lines dropped (Baton records what steps do as events). Lost and refused database
 * connections are dropped too: graphile-worker reconnects by itself, and the storage announces an
 * outage once (`onHealthChange`) instead of once per failed poll.
 *
 * @example
 * await run({ connectionString, logger: await quietLogger(), taskList });
 */
export async function quietLogger(): Promise<Logger> {
  // graphile-worker is imported when a worker or queue starts, never at a SQLite process's start
  logger ??= import('graphile-worker').then(
    ({ Logger }) =>
      new Logger(() => (level: string, message: string, meta?: { error?: unknown }) => {
        if (level !== 'error' && level !== 'warning') return;
        if (isConnectionError(meta?.error) || isConnectionError(new Error(message))) return;
        process.stderr.write(`[baton worker] ${level}: ${message}\n`);
      }),
  );
  return logger;
}

let logger: Promise<Logger> | undefined;
