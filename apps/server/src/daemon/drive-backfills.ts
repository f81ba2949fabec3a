import type { BackfillRecord, BatonStorage, RunRecord } from '@baton/core';
import type { Plan } from '@baton/planner';

const TERMINAL = new Set(['success', 'failure', 'canceled']);
const ACTIVE_BACKFILL: BackfillRecord['status'][] = ['requested', 'canceling', 'failing'];

export interface BackfillDriver {
  /** One pass over the active backfills: queue runs whose upstream runs succeeded, write progress, end finished ones. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Drives backfills from what storage says, whoever executes their runs (this process's run
 * coordinator, a worker, another server): every `intervalMs` it reads each active backfill's
 * latest runs, queues the runs whose `dependsOnRuns` succeeded, writes per-asset progress and
 * sets the final status. Stateless between ticks, so it survives restarts and does not care
 * which process claimed a run. (The runner's `driveBackfill` only sees runs its own coordinator
 * executed; a server whose queue is shared with the UI and with workers needs this.)
 *
 * @example
 * const driver = startBackfillDriver({ storage, only: [backfill.id] });
 * await driver.stop();
 */
export function startBackfillDriver(options: { storage: BatonStorage; intervalMs?: number; only?: readonly string[]; onEnd?: (backfill: BackfillRecord) => void }): BackfillDriver {
  const { storage, intervalMs = 300 } = options;
  const plans = new Map<string, Plan>();
  let running: Promise<void> | undefined;
  let stopped = false;

  const driveOne = async (record: BackfillRecord) => {
    const runner = await import('@baton/runner');
    let plan = plans.get(record.id);
    if (!plan) plans.set(record.id, (plan = runner.backfillPlan(record)));
    const latest = await runner.latestBackfillRuns(storage, record.id);
    const priority = Number((record.request as { priority?: number }).priority ?? 0);
    if (record.status === 'requested') {
      const ready = plan.runs.filter((r) => !latest.has(r.key) && r.dependsOnRuns.every((d) => latest.get(d)?.status === 'success'));
      if (ready.length > 0) {
        for (let i = 0; i < ready.length; i += 1_000) {
          const created = await storage.createRuns(ready.slice(i, i + 1_000).map((r) => runner.backfillRun(record.id, r, priority)));
          for (const run of created) latest.set(run.tags[runner.RUN_KEY_TAG]!, run);
        }
        runner.notifyRunsQueued();
      }
    }
    const progress = runner.backfillProgress(plan, latest);
    const ended = plan.runs.every((r) => {
      const run = latest.get(r.key);
      if (run) return TERMINAL.has(run.status);
      return record.status !== 'requested' || r.dependsOnRuns.some((d) => blocked(latest.get(d)));
    });
    if (!ended) {
      await storage.updateBackfill(record.id, { progress });
      return;
    }
    const all = [...latest.values()];
    const status: BackfillRecord['status'] =
      record.status === 'canceling' ? 'canceled' : all.length === plan.runs.length && all.every((r) => r.status === 'success') ? 'completed_success' : 'completed_failed';
    const final = await storage.updateBackfill(record.id, { status, progress, endedAt: Date.now() });
    plans.delete(record.id);
    options.onEnd?.(final);
  };

  const tick = async () => {
    const active: BackfillRecord[] = [];
    if (options.only) {
      for (const id of options.only) {
        const b = await storage.getBackfill(id);
        if (b && ACTIVE_BACKFILL.includes(b.status)) active.push(b);
      }
    } else {
      let cursor: string | null = null;
      do {
        const page = await storage.listBackfills({ statuses: ACTIVE_BACKFILL, cursor, limit: 100 });
        active.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
    }
    for (const record of active) await driveOne(record);
  };

  const loop = async () => {
    while (!stopped) {
      try {
        await tick();
      } catch (error) {
        process.stderr.write(`baton: backfill driver: ${(error as Error).message}\n`);
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  };
  running = loop();
  return {
    tick,
    async stop() {
      stopped = true;
      await running;
    },
  };
}

function blocked(run: RunRecord | undefined): boolean {
  return run !== undefined && TERMINAL.has(run.status) && run.status !== 'success';
}
