import type { SweepResult } from '@baton/core';
import type { WorkerUtils } from 'graphile-worker';
import { STEP_TASK } from './step-task';

export interface WorkerRow {
  readonly id: string;
  readonly graphileWorkerIds: readonly string[];
  readonly host: string;
  readonly pid: number;
  readonly concurrency: number;
}

/**
 * The worker registry, in the queue schema (table `baton_workers`, see `registry-migrations.ts`): each
 * `baton worker` upserts a row (its graphile-worker ids, server time) every few seconds; `sweep` unlocks the step jobs held by
 * graphile-worker ids no live row names once they have been locked longer than the threshold
 * (graphile-worker alone keeps a dead worker's jobs locked for 4 hours), so another worker runs
 * them. Timestamps are the database's `now()`, so machines' clocks need not agree.
 *
 * @example
 * const registry = workerRegistry(utils, 'graphile_worker');
 * await registry.beat({ id, graphileWorkerIds, host, pid, concurrency: 4 });
 * await registry.sweep(30_000);
 */
export function workerRegistry(utils: Pick<WorkerUtils, 'withPgClient'>, schema: string) {
  const table = `"${schema}".baton_workers`;
  return {
    async beat(row: WorkerRow): Promise<void> {
      await utils.withPgClient((client) =>
        client.query(
          `insert into ${table} (id, graphile_worker_ids, host, pid, concurrency) values ($1, $2, $3, $4, $5)
           on conflict (id) do update set graphile_worker_ids = excluded.graphile_worker_ids, heartbeat_at = now()`,
          [row.id, [...row.graphileWorkerIds], row.host, row.pid, row.concurrency],
        ),
      );
    },

    async remove(id: string): Promise<void> {
      await utils.withPgClient((client) => client.query(`delete from ${table} where id = $1`, [id]));
    },

    async sweep(staleAfterMs: number): Promise<SweepResult> {
      return utils.withPgClient(async (client) => {
        const secs = staleAfterMs / 1000;
        const dead = await client.query<{ id: string }>(`delete from ${table} where heartbeat_at < now() - make_interval(secs => $1) returning id`, [secs]);
        const orphans = await client.query<{ locked_by: string }>(
          `select distinct j.locked_by
             from "${schema}"._private_jobs j
             join "${schema}"._private_tasks t on t.id = j.task_id
            where t.identifier = $1
              and j.locked_by is not null
              and j.locked_at < now() - make_interval(secs => $2)
              and not exists (
                select 1 from ${table} w
                 where w.heartbeat_at >= now() - make_interval(secs => $2)
                   and j.locked_by = any(w.graphile_worker_ids))`,
          [STEP_TASK, secs],
        );
        const ids = orphans.rows.map((r) => r.locked_by);
        if (ids.length > 0) await client.query(`select "${schema}".force_unlock_workers($1::text[])`, [ids]);
        return { unlockedWorkerIds: ids, deadWorkers: dead.rows.map((r) => r.id) };
      });
    },

    /** Runs that have a step job waiting or running (not permanently failed): they are alive while a worker is. */
    async runsWithJobs(): Promise<string[]> {
      return utils.withPgClient(async (client) => {
        const { rows } = await client.query<{ run_id: string }>(
          `select distinct j.payload->>'runId' as run_id
             from "${schema}"._private_jobs j
             join "${schema}"._private_tasks t on t.id = j.task_id
            where t.identifier = $1 and j.attempts < j.max_attempts`,
          [STEP_TASK],
        );
        return rows.map((r) => r.run_id).filter((id): id is string => typeof id === 'string');
      });
    },
  };
}

export type WorkerRegistry = ReturnType<typeof workerRegistry>;
