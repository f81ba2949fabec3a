import { isConnectionError } from '@baton/core';
import { Logger } from 'graphile-worker';

/**
 * graphile-worker's logger for Baton workers: errors and warnings to stderr (prefixed), the
 * per-job info lines dropped (Baton records what steps do as events). Lost and refused database
 * connections are dropped too: graphile-worker reconnects by itself, and the storage announces an
 * outage once (`onHealthChange`) instead of once per failed poll.
 *
 * @example
 * await run({ connectionString, logger: quietLogger, taskList });
 */
export const quietLogger = new Logger(() => (level: string, message: string, meta?: { error?: unknown }) => {
  if (level !== 'error' && level !== 'warning') return;
  if (isConnectionError(meta?.error) || isConnectionError(new Error(message))) return;
  process.stderr.write(`[baton worker] ${level}: ${message}\n`);
});
