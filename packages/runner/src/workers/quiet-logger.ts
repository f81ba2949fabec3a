import { Logger } from 'graphile-worker';

/**
 * graphile-worker's logger for Baton workers: errors and warnings to stderr (prefixed), the
 * per-job info lines dropped (Baton records what steps do as events).
 *
 * @example
 * await run({ connectionString, logger: quietLogger, taskList });
 */
export const quietLogger = new Logger(() => (level: string, message: string) => {
  if (level === 'error' || level === 'warning') process.stderr.write(`[baton worker] ${level}: ${message}\n`);
});
