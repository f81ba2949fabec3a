import type { GlobalOptions } from '../cli/global-options';
import { formatDuration } from '../format/format-duration';
import { formatPartitionTarget } from '../format/format-partitions';
import { formatTable } from '../format/format-table';
import { print, printJson } from '../format/print';
import { openStorage } from '../project/open-project';

/**
 * `baton run <id>`: a run's status, its steps (status, attempts, duration, error) and its logs.
 *
 * @example
 * await runCommand({}, 'b774c88a');
 */
export async function runCommand(globals: GlobalOptions, id: string): Promise<number> {
  const project = await openStorage(globals, { needDefs: false });
  try {
    const { findRun } = await import('@baton/actions');
    const run = await findRun(project.storage, id);
    const steps = await project.storage.listSteps(run.id);
    const events = await project.storage.eventsForRun(run.id, { limit: 10_000 });
    const logs = events.filter((e) => e.type === 'LOG' || e.type === 'STEP_FAILURE' || e.type === 'RUN_FAILURE' || e.type === 'MATERIALIZATION');
    if (globals.json) {
      const { plan: _plan, ...record } = run;
      printJson({ run: record, steps, events });
      return 0;
    }
    print(`Run ${run.id}: ${run.status}`);
    print(`  assets: ${run.assetKeys.join(', ')}`);
    print(`  partitions: ${formatPartitionTarget(run.partition)}`);
    if (run.backfillId) print(`  backfill: ${run.backfillId}`);
    if (run.startedAt) print(`  duration: ${formatDuration((run.endedAt ?? Date.now()) - run.startedAt)}`);
    if (run.error) print(`  error: ${run.error}`);
    print('');
    print(
      formatTable(
        ['step', 'status', 'attempt', 'duration', 'error'],
        steps.map((s) => [s.stepKey, s.status, String(s.attempt), s.startedAt && s.endedAt ? formatDuration(s.endedAt - s.startedAt) : '—', (s.error ?? '').split('\n')[0]!]),
      ),
    );
    print('');
    print('Logs:');
    for (const e of logs) {
      const time = new Date(e.timestamp).toISOString().slice(11, 23);
      const where = e.stepKey ? ` [${e.stepKey}]` : '';
      if (e.type === 'LOG') print(`  ${time} ${e.level.padEnd(5)}${where} ${e.message}`);
      else if (e.type === 'MATERIALIZATION') print(`  ${time} info ${where} materialized ${e.assetKey}${e.partitionKey ? ` [${e.partitionKey}]` : ''} (data version ${e.dataVersion.slice(0, 12)})`);
      else if (e.type === 'STEP_FAILURE') print(`  ${time} error${where} ${e.error.split('\n')[0]}${e.willRetry ? ' (will retry)' : ''}`);
      else if (e.type === 'RUN_FAILURE') print(`  ${time} error run failed: ${e.error}`);
    }
    return 0;
  } finally {
    await project.close();
  }
}
