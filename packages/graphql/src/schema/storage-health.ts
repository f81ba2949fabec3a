import { builder } from './builder';

const StorageHealthStatus = builder.enumType('StorageHealthStatus', {
  values: {
    OK: { value: 'ok', description: 'The database answers.' },
    UNREACHABLE: { value: 'unreachable', description: 'The database does not answer; work waits and resumes when it does.' },
  } as const,
});

const StorageHealth = builder
  .objectRef<{ status: 'ok' | 'unreachable'; since: number; lastError: string | null }>('StorageHealth')
  .implement({
    description: "Whether the server's database answers (PostgreSQL outages; SQLite is always OK here).",
    fields: (t) => ({
      status: t.field({ type: StorageHealthStatus, resolve: (h) => h.status }),
      since: t.field({ type: 'Timestamp', description: 'When the current status began.', resolve: (h) => h.since }),
      lastError: t.exposeString('lastError', { nullable: true, description: 'The last connection error (of this outage, or of the last one).' }),
    }),
  });

builder.queryField('storageHealth', (t) =>
  t.field({
    type: StorageHealth,
    description: 'Whether the database answers, from memory: answered at once even during an outage (the UI shows a banner).',
    resolve: (_root, _args, ctx) => ctx.storage.health(),
  }),
);
