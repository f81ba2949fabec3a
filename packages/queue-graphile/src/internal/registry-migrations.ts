/** Baton's own tables in the queue schema, in order; each runs once, recorded in `baton_queue_migrations`. */
export const REGISTRY_MIGRATIONS: readonly { readonly id: string; readonly sql: (schema: string) => string }[] = [
  {
    // each `baton worker` records its liveness and the graphile-worker ids it locks jobs under
    id: '0001-workers',
    sql: (schema) => `create table if not exists "${schema}".baton_workers (
      id text primary key,
      graphile_worker_ids text[] not null default '{}',
      host text not null,
      pid integer not null,
      concurrency integer not null,
      started_at timestamptz not null default now(),
      heartbeat_at timestamptz not null default now()
    )`,
  },
];
