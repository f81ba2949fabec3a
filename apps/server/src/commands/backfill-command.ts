import { hostname } from 'node:os';
import type { BackfillRecord } from '@baton/core';
import type { GlobalOptions } from '../cli/global-options';
import type { CliReprocess, CliRunPolicy } from '../cli/parse-options';
import { liveDevServer } from '../daemon/dev-server-marker';
import { describePlan } from '../format/describe-plan';
import { formatDuration } from '../format/format-duration';
import { print, printJson } from '../format/print';
import { openProject } from '../project/open-project';
import { partitionRequest } from '../project/partition-request';
import { projectActions } from '../project/project-actions';

export interface BackfillOptions {
  readonly select: string;
  readonly from?: string;
  readonly to?: string;
  readonly reprocess: CliReprocess;
  readonly policy?: CliRunPolicy;
  readonly maxConcurrent?: number;
  readonly dryRun?: boolean;
}

const DEFAULT_MAX_CONCURRENT = 4;
const ENDED = new Set(['completed_success', 'completed_failed', 'canceled']);

/**
 * `baton backfill`: plans a multi-run backfill; with `--dry-run` prints the preview (runs,
 * partitions per asset, estimated duration), otherwise launches it and shows per-asset progress
 * until it ends. When `baton dev` serves the project, that server executes the runs and this
 * command follows along; otherwise this process executes them. If the followed server dies, this
 * process notices within 2 s and takes over: the runs the server was executing are failed at once
 * (its pid is gone) and retried here. Exit 0 only on full success.
 *
 * @example
 * await backfillCommand({}, { select: 'raw/orders+', from: '2024-01-01', to: '2024-01-31', reprocess: 'missing' });
 */
export async function backfillCommand(globals: GlobalOptions, options: BackfillOptions): Promise<number> {
  const partitions = partitionRequest(options) ?? 'all';
  const project = await openProject(globals, { followsWork: true });
  try {
    const actions = await import('@baton/actions');
    const ctx = projectActions(project);
    const request = {
      selection: options.select,
      partitions,
      reprocess: options.reprocess,
      ...(options.policy ? { runPolicy: options.policy } : {}),
      maxConcurrentRuns: options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT,
    };
    const plan = await actions.previewBackfill(ctx, request);
    if (options.dryRun) {
      if (globals.json) printJson({ dryRun: true, runCount: plan.summary.runCount, summary: plan.summary, estimate: plan.estimate, runs: plan.runs.map((r) => ({ key: r.key, partition: r.partition, assetKeys: r.assetKeys, dependsOnRuns: r.dependsOnRuns })) });
      else {
        print('Dry run: nothing launched.');
        print(describePlan(plan));
      }
      return 0;
    }
    if (plan.runs.length === 0) {
      if (globals.json) printJson({ backfillId: null, status: 'completed_success', message: 'nothing to backfill' });
      else print(`Nothing to backfill: no partition in range matches --reprocess ${options.reprocess}.`);
      return 0;
    }
    const runner = await import('@baton/runner');
    const maxConcurrentRuns = request.maxConcurrentRuns;
    const { backfill } = await actions.launchBackfill(ctx, request, plan);
    const server = liveDevServer(project.location.dir);
    if (!globals.json) {
      print(`Backfill ${backfill.id}: ${plan.summary.runCount} run(s) over ${plan.summary.assetPartitionCount} asset partition(s), estimated ${formatDuration(plan.estimate.wallClockMs)}`);
      print(server ? `The dev server at ${server.url} executes it; following along (Ctrl-C stops following, the backfill continues).` : 'Executing here (Ctrl-C cancels it).');
    }
    let stopLocal: (() => Promise<void>) | undefined;
    const executeHere = () => {
      const coordinator = runner.startRunCoordinator({ storage: project.storage, definitions: project.definitions, ioManagers: project.ioManagers, maxConcurrentRuns });
      const driver = runner.startBackfillDriver({ storage: project.storage, only: [backfill.id], intervalMs: 100 });
      stopLocal = async () => {
        await driver.stop();
        await coordinator.stop();
      };
    };
    if (!server) executeHere();
    let following = server;
    const onSignal = () => {
      if (following) process.exit(130);
      void actions.cancelBackfill(ctx, backfill.id);
    };
    process.on('SIGINT', onSignal);
    // the server we follow may die: checked every 2 s; then this process takes the backfill over
    const takeOver = async (): Promise<void> => {
      if (!following || liveDevServer(project.location.dir)?.pid === following.pid) return;
      const dead = following;
      following = undefined;
      const say = (line: string) => (globals.json ? process.stderr.write(`${line}\n`) : print(line));
      say(`The dev server at ${dead.url} (pid ${dead.pid}) stopped: this process takes the backfill over (Ctrl-C cancels it).`);
      // runs it had claimed and not started go back to the queue; the ones it was executing fail, and are retried here
      const recovered = (await runner.recoverRunsOfDeadProcess(project.storage, { host: hostname(), pid: dead.pid })).filter((r) => r.backfillId === backfill.id && !r.requeued);
      if (recovered.length > 0) {
        say(`  ${recovered.length} run(s) it was executing failed with it; retrying them here.`);
        await runner.retryFailedBackfill(project.storage, backfill.id);
      }
      executeHere();
    };
    let final: BackfillRecord;
    try {
      final = await followBackfill(project.storage, backfill.id, globals.json ? undefined : (line) => print(line), takeOver);
    } finally {
      process.off('SIGINT', onSignal);
      await stopLocal?.();
    }
    if (globals.json) printJson({ backfillId: final.id, status: final.status, progress: final.progress, durationMs: (final.endedAt ?? Date.now()) - final.createdAt });
    else print(`Backfill ${final.id}: ${final.status.replace('_', ' ')} in ${formatDuration((final.endedAt ?? Date.now()) - final.createdAt)}`);
    return final.status === 'completed_success' ? 0 : 1;
  } finally {
    await project.close();
  }
}

/** Polls the backfill until it ends, printing a progress line whenever it changes; `check` runs every 2 s, before the status is read. */
async function followBackfill(storage: import('@baton/core').BatonStorage, id: string, onLine: ((line: string) => void) | undefined, check: () => Promise<void>): Promise<BackfillRecord> {
  let last = '';
  let checkedAt = Date.now();
  for (;;) {
    if (Date.now() - checkedAt >= 2_000) {
      checkedAt = Date.now();
      await check();
    }
    const record = (await storage.getBackfill(id))!;
    const line = Object.entries(record.progress)
      .map(([asset, p]) => `${asset} ${p.done}/${p.targeted}${p.failed > 0 ? ` (${p.failed} failed)` : ''}${p.inProgress > 0 ? ` (${p.inProgress} running)` : ''}`)
      .join(' · ');
    if (line !== last) {
      onLine?.(`  ${line}`);
      last = line;
    }
    if (ENDED.has(record.status)) return record;
    await new Promise((r) => setTimeout(r, 150));
  }
}
