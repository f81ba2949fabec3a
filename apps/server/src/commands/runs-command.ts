import type { RunStatus } from '@baton/core';
import type { GlobalOptions } from '../cli/global-options';
import { UsageError } from '../cli/usage-error';
import { formatDuration } from '../format/format-duration';
import { formatPartitionTarget } from '../format/format-partitions';
import { formatTable } from '../format/format-table';
import { print, printJson } from '../format/print';
import { openStorage } from '../project/open-project';

const STATUSES: readonly RunStatus[] = ['queued', 'starting', 'running', 'success', 'failure', 'canceling', 'canceled'];

/**
 * `baton runs`: the most recent runs, newest first (id, status, assets, partitions, started, duration).
 *
 * @example
 * await runsCommand({}, { status: 'failure', limit: 10 });
 */
export async function runsCommand(globals: GlobalOptions, options: { status?: string; asset?: string; limit: number }): Promise<number> {
  if (options.status !== undefined && !STATUSES.includes(options.status as RunStatus)) {
    const guess = STATUSES.find((s) => s.startsWith(options.status!.slice(0, 3)));
    throw new UsageError(`--status "${options.status}" is not a run status`, guess ? `did you mean \`${guess}\`?` : `use one of ${STATUSES.join(', ')}`);
  }
  const project = await openStorage(globals, { needDefs: false });
  try {
    const page = await project.storage.listRuns(
      { ...(options.status ? { statuses: [options.status as RunStatus] } : {}), ...(options.asset ? { assetKey: options.asset } : {}) },
      { limit: options.limit },
    );
    const runs = page.items;
    if (globals.json) {
      printJson(runs.map(({ plan: _plan, ...run }) => run));
      return 0;
    }
    if (runs.length === 0) {
      print('No runs yet. Start one with `baton materialize --select <selection>`.');
      return 0;
    }
    print(
      formatTable(
        ['run', 'status', 'assets', 'partitions', 'created', 'duration'],
        runs.map((r) => [
          r.id.slice(0, 8),
          r.status,
          r.assetKeys.length <= 2 ? r.assetKeys.join(', ') : `${r.assetKeys[0]} +${r.assetKeys.length - 1}`,
          formatPartitionTarget(r.partition),
          new Date(r.createdAt).toISOString().replace('T', ' ').slice(0, 19),
          r.startedAt ? formatDuration((r.endedAt ?? Date.now()) - r.startedAt) : '—',
        ]),
      ),
    );
    return 0;
  } finally {
    await project.close();
  }
}
