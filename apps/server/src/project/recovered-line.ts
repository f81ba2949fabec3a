import type { RecoveredRun } from '@baton/runner';

/**
 * The line a process prints after crash recovery: how many runs it failed (to re-execute) and how
 * many went back to the queue (claimed by a process that died before starting them).
 *
 * @example
 * process.stderr.write(`${recoveredLine(await recoverStaleRuns(storage))}\n`);
 */
export function recoveredLine(runs: readonly RecoveredRun[]): string {
  const failed = runs.filter((r) => !r.requeued);
  const queued = runs.length - failed.length;
  const parts: string[] = [];
  if (failed.length > 0) parts.push(`${failed.length} failed (${failed.map((r) => r.runId.slice(0, 8)).join(', ')}); re-execute them from the UI (Re-execute) or with \`baton materialize\``);
  if (queued > 0) parts.push(`${queued} claimed and never started, back in the queue`);
  return `baton: recovered ${runs.length} run(s) whose process stopped heartbeating: ${parts.join('; ')}`;
}
