import type { PlannedRunRequest } from '@baton/automation';
import { BatonError, type BatonStorage, type Definitions, type NewRun } from '@baton/core';

export interface RunRequestLauncherOptions {
  readonly storage: BatonStorage;
  readonly getDefinitions: () => Definitions | undefined;
  /** Wakes the run coordinator after runs were queued (default: the runner's notifyRunsQueued). */
  readonly onRunsCreated?: () => void;
  readonly log?: (line: string) => void;
}

const where = (r: PlannedRunRequest) => `${r.assetKeys.join(', ')}${r.partitionKeys ? ` [${r.partitionKeys.length === 1 ? r.partitionKeys[0] : `${r.partitionKeys.length} partitions`}]` : ''}`;

/**
 * The automation daemon's `launch`: plans each request as the API's materialize does (the
 * planner's planMaterialize over its assets and partition keys, tagged with its source), creates all
 * the runs in one `createRuns` call (a plan whose runs depend on each other becomes a backfill), wakes
 * the coordinator, and returns one run id per request in order. A request that cannot be planned is
 * logged and gets an empty id; when none can, the error is thrown so the tick is stored as failed.
 *
 * @example
 * createAutomationDaemon({ storage, getDefinitions, launch: createRunRequestLauncher({ storage, getDefinitions }) });
 */
export function createRunRequestLauncher(options: RunRequestLauncherOptions): (requests: readonly PlannedRunRequest[]) => Promise<string[]> {
  const { storage } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  return async (requests) => {
    const defs = options.getDefinitions();
    if (!defs) throw new BatonError('INVALID_DEFINITION', 'No definitions are loaded, so automation cannot launch runs', { hint: 'fix the definitions; the daemon retries on its next tick' });
    const [planner, runner] = await Promise.all([import('@baton/planner'), import('@baton/runner')]);
    const snapshot = await storage.loadStateSnapshot({ now: Date.now() });
    const ids: string[] = requests.map(() => '');
    const batch: { index: number; run: NewRun }[] = [];
    const errors: BatonError[] = [];
    for (const [index, r] of requests.entries()) {
      try {
        const tags = { ...r.tags, ...(r.runKey !== undefined ? { 'baton/run-key': r.runKey } : {}) };
        const plan = planner.planMaterialize(defs, snapshot, [...r.assetKeys], r.partitionKeys ? [...r.partitionKeys] : undefined, { tags });
        if (plan.runs.length === 0) continue;
        if (plan.runs.some((run) => run.dependsOnRuns.length > 0)) {
          const backfill = await runner.launchBackfill(storage, plan);
          ids[index] = (await storage.listRuns({ backfillId: backfill.id }, { limit: 1 })).items[0]?.id ?? '';
          continue;
        }
        plan.runs.forEach((run, i) => batch.push({ index: i === 0 ? index : -1, run: { assetKeys: run.assetKeys, partition: run.partition, tags: run.tags, plan: run } }));
      } catch (error) {
        const e = BatonError.from(error);
        errors.push(e);
        log(`baton: automation could not launch ${where(r)}: ${e.message}`);
      }
    }
    if (batch.length > 0) {
      const created = await storage.createRuns(batch.map((b) => b.run));
      created.forEach((run, i) => {
        const index = batch[i]!.index;
        if (index >= 0) ids[index] = run.id;
      });
      (options.onRunsCreated ?? runner.notifyRunsQueued)();
    }
    if (errors.length > 0 && errors.length === requests.length) throw errors[0]!;
    return ids;
  };
}
