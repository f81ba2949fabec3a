import type { GlobalOptions } from '../cli/global-options';
import { UsageError } from '../cli/usage-error';
import { StepProgress } from '../execution/step-progress';
import { describeLatestPartitions, latestPartitions } from '../format/describe-latest-partitions';
import { formatDuration } from '../format/format-duration';
import { print, printJson } from '../format/print';
import { openProject } from '../project/open-project';
import { partitionRequest } from '../project/partition-request';
import { projectActions } from '../project/project-actions';
import { resolveProject } from '../project/resolve-project';

export interface MaterializeOptions {
  readonly select?: string;
  readonly partition?: string;
  readonly from?: string;
  readonly to?: string;
  readonly stale?: boolean;
  readonly maxConcurrent?: number;
  /** Type-check the project first and refuse to run on type errors (exit 2). */
  readonly typecheck?: boolean;
}

/**
 * `baton materialize`: plans the selection (or what is stale), runs it in the foreground with a
 * live line per step, prints a summary; exit code 0 only if every run succeeded. Without
 * `--partition`/`--from`/`--to`, partitioned assets run their latest partition (and the upstream
 * partitions it reads), and a line says so. With `typecheck`,
 * type errors in the project stop it before anything runs (exit 2).
 *
 * @example
 * await materializeCommand({}, { select: 'raw/orders+', partition: '2024-01-01' }); // 0
 */
export async function materializeCommand(globals: GlobalOptions, options: MaterializeOptions): Promise<number> {
  if (!options.stale && options.select === undefined) {
    throw new UsageError('baton materialize needs --select <selection> or --stale', 'e.g. --select "raw/orders+" or --stale');
  }
  const partitions = partitionRequest(options);
  const started = Date.now();
  if (options.typecheck) {
    const { passesTypeCheck } = await import('../typecheck/refuse-on-type-errors');
    if (!(await passesTypeCheck(resolveProject(globals), globals.json))) return 2;
  }
  const project = await openProject(globals, { followsWork: true });
  try {
    const { launchPlan, planMaterialization } = await import('@baton/actions');
    const actions = projectActions(project);
    const plan = await planMaterialization(actions, {
      select: options.select,
      stale: options.stale,
      partitions,
      maxConcurrentRuns: options.maxConcurrent,
    });
    const latest = latestPartitions(plan);
    if (latest && !globals.json) print(describeLatestPartitions(latest));
    if (plan.runs.length === 0) {
      if (globals.json) printJson({ status: 'success', runs: [], steps: [], message: 'nothing to materialize', ...(latest ? { partitions: latest } : {}) });
      else print('Nothing to materialize: everything selected is up to date.');
      return 0;
    }
    const progress = new StepProgress(plan);
    const live = globals.json ? Promise.resolve() : (await import('../execution/live-view')).showLiveProgress(progress);
    const controller = new AbortController();
    const onSignal = () => controller.abort(new Error('interrupted'));
    process.once('SIGINT', onSignal);
    let outcomes;
    try {
      const launched = await launchPlan(actions, plan, {
        executeHere: {
          tags: { 'baton/source': 'cli' },
          definitions: project.definitions,
          ioManagers: project.ioManagers,
          signal: controller.signal,
          ...(options.maxConcurrent !== undefined ? { concurrency: options.maxConcurrent } : {}),
          onEvent: (run, event) => progress.handle(run, event),
          onRunSkipped: (run, reason) => progress.skipRun(run, reason),
        },
      });
      outcomes = launched.outcomes!;
    } finally {
      process.off('SIGINT', onSignal);
      progress.settle('not run');
      await live;
    }
    const ok = outcomes.every((o) => o.status === 'success');
    const counts = progress.counts();
    const elapsed = Date.now() - started;
    if (globals.json) {
      printJson({
        status: ok ? 'success' : 'failure',
        durationMs: elapsed,
        ...(latest ? { partitions: latest } : {}),
        // each run with what it materializes (the plan's assets and partitions), as the API's LaunchSuccess lists them
        runs: outcomes.map((o) => {
          const planned = plan.runs.find((r) => r.key === o.runKey);
          return { ...o, assetKeys: planned?.assetKeys ?? [], partition: planned?.partition ?? null };
        }),
        steps: progress.lines.map((l) => ({ run: l.runKey, step: l.stepKey, status: l.status, attempt: l.attempt, durationMs: l.durationMs, error: l.error })),
      });
    } else {
      print();
      for (const line of progress.lines.filter((l) => l.status === 'failure')) print(`  ✖ ${line.stepKey}: ${line.error}`);
      const runIds = outcomes.filter((o) => o.runId).map((o) => o.runId!.slice(0, 8));
      print(
        `${ok ? 'Succeeded' : 'Failed'}: ${counts.success} step(s) succeeded, ${counts.failure} failed, ${counts.skipped} skipped in ${formatDuration(elapsed)} ` +
          `(${outcomes.length} run${outcomes.length === 1 ? '' : 's'}: ${runIds.join(', ')}${runIds.length > 0 ? '; see `baton run <id>`' : ''})`,
      );
    }
    return ok ? 0 : 1;
  } finally {
    await project.close();
  }
}
