import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';

/** The PostgreSQL the chaos suites run against (`BATON_TEST_POSTGRES_URL`), or undefined (they skip). */
export const TEST_POSTGRES_URL = process.env.BATON_TEST_POSTGRES_URL?.trim() || undefined;

/** A fresh schema pair (storage + job queue) on the test database, and how to count and drop it. */
export function chaosSchema(prefix: string) {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const jobSchema = `${schema}_jobs`;
  const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    schema,
    jobSchema,
    env: (url: string) => ({ BATON_DATABASE_URL: url, BATON_DATABASE_SCHEMA: schema, BATON_JOB_SCHEMA: jobSchema }),
    query,
    /** Materializations per asset partition: `{ 'raw/orders|2024-01-02': 1, … }`. */
    async materializationCounts(): Promise<Record<string, number>> {
      const rows = await query<{ key: string; n: number }>(`select asset_key || '|' || partition_key as key, count(*)::int as n from "${schema}".materializations group by 1`);
      return Object.fromEntries(rows.map((r) => [r.key, r.n]));
    },
    async drop() {
      await query(`drop schema if exists "${schema}" cascade`);
      await query(`drop schema if exists "${jobSchema}" cascade`);
    },
  };
}

/** The keys `asset|partition` of every day from `from` to `to` (inclusive) for each asset. */
export function dailyKeys(assets: readonly string[], from: string, to: string): string[] {
  const out: string[] = [];
  for (const asset of assets) {
    for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(`${asset}|${new Date(t).toISOString().slice(0, 10)}`);
  }
  return out;
}

/** True while the process has not exited. */
export function alive(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Materializations per `asset|partition` in a project's SQLite store (read-only). */
export async function sqliteMaterializationCounts(projectDir: string): Promise<Record<string, number>> {
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(`${projectDir}/.baton/baton.db`, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare(`select asset_key || '|' || partition_key as key, count(*) as n from materializations group by 1`).all() as { key: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.n]));
  } finally {
    db.close();
  }
}

/** Waits until `check` holds, polling every 200 ms. */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
