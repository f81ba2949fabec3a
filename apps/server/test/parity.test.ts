import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { isTerminalRunStatus, type BatonStorage, type Definitions, type IOManager, type RunRecord } from '@baton/core';
import { createBatonYoga, type BatonYoga } from '@baton/graphql';
import { notifyRunsQueued, startBackfillDriver, startRunCoordinator, type BackfillDriver, type RunCoordinator } from '@baton/runner';
import { createSqliteStorage } from '@baton/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectIOManagers } from '../src/project/open-project';
import { baton, makeProject, removeProject } from './baton-process';

/**
 * One table of requests, each sent to `baton` (a real process on one copy of the parity project)
 * and to the GraphQL API (createBatonYoga, in process, on another copy with its own store, a run
 * coordinator and a backfill driver). Both copies receive the same requests in the same order, so
 * their stored state stays the same, and each request must give the same plan (runs: assets and
 * partitions), the same result and the same error code on both sides.
 */

/** What both sides are compared on: an error code, or the normalised result. */
type Outcome = { readonly error: string } | { readonly ok: unknown };

interface Case {
  readonly name: string;
  readonly cli: readonly string[] | ((s: Shared) => readonly string[]);
  /** From the CLI's --json stdout to the compared result. */
  readonly fromCli: (json: any, s: Shared) => unknown;
  readonly api: (s: Shared) => { query: string; variables?: Record<string, unknown> };
  /** From the API's mutation/query result (its one field) to the compared result; may wait for runs. */
  readonly fromApi: (data: any, s: Shared) => unknown;
  /** What the two must agree on; a test that could pass by both being wrong says what is right. */
  readonly expected?: (outcome: Outcome) => void;
}

/** Ids created on each side, by name, for later requests (e.g. the run that failed). */
interface Shared {
  readonly cli: Record<string, string>;
  readonly api: Record<string, string>;
  readonly side: 'cli' | 'api';
  readonly storage: BatonStorage;
}

const RESULT = `__typename ... on UserError { code }`;
const LAUNCH = `${RESULT} ... on LaunchSuccess { runs { id } backfill { id } }`;

const shape = (runs: readonly { assetKeys: readonly string[]; partition: unknown }[]) =>
  runs.map((r) => JSON.stringify({ assetKeys: [...r.assetKeys].sort(), partition: r.partition })).sort();

let apiStorage: BatonStorage;

async function ended(id: string, timeoutMs = 60_000): Promise<RunRecord> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = await apiStorage.getRun(id, { withPlan: false });
    if (run && isTerminalRunStatus(run.status)) return run;
    if (Date.now() > until) throw new Error(`run ${id} did not end (status ${run?.status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The API's launched runs, once each ended: their plan shape and statuses (as the CLI reports them). */
async function launchedRuns(data: any): Promise<{ runs: string[]; statuses: string[] }> {
  const runs = await Promise.all((data.runs as { id: string }[]).map((r) => ended(r.id)));
  return { runs: shape(runs), statuses: runs.map((r) => r.status).sort() };
}

const cliRuns = (json: any) => ({ runs: shape(json.runs), statuses: (json.runs as { status: string }[]).map((r) => r.status).sort() });

const materialize = (name: string, args: string[], vars: Record<string, unknown>, expected?: Case['expected']): Case => ({
  name,
  cli: ['materialize', ...args],
  fromCli: cliRuns,
  api: () => ({ query: `mutation($s: String!, $p: String, $r: KeyRangeInput) { r: materialize(selection: $s, partition: $p, range: $r) { ${LAUNCH} } }`, variables: vars }),
  fromApi: launchedRuns,
  ...(expected ? { expected } : {}),
});

const ok = (o: Outcome) => {
  expect(o, JSON.stringify(o)).toHaveProperty('ok');
  return (o as { ok: any }).ok;
};
const code = (expected: string) => (o: Outcome) => expect(o).toEqual({ error: expected });

const CASES: Case[] = [
  materialize('materialize a selection', ['--select', 'raw/customers+'], { s: 'raw/customers+' }, (o) =>
    expect(ok(o).runs).toEqual([JSON.stringify({ assetKeys: ['marts/revenue', 'raw/customers'], partition: { kind: 'none' } })]),
  ),
  materialize('materialize one partition', ['--select', 'raw/orders+', '--partition', '2024-01-03'], { s: 'raw/orders+', p: '2024-01-03' }, (o) =>
    expect(ok(o).statuses).toEqual(['success']),
  ),
  materialize('materialize a range over an unpartitioned and a partitioned asset', ['--select', 'raw/customers or raw/orders', '--from', '2024-01-02', '--to', '2024-01-04'], {
    s: 'raw/customers or raw/orders',
    r: { from: '2024-01-02', to: '2024-01-04' },
  }, (o) => expect(ok(o).runs.join()).toMatch(/raw\/customers.*raw\/orders/)),
  materialize('materialize the latest partition by default', ['--select', 'clean/orders'], { s: 'clean/orders' }),
  materialize('a failing partition fails the run', ['--select', 'flaky/daily', '--partition', '2024-01-05'], { s: 'flaky/daily', p: '2024-01-05' }, (o) =>
    expect(ok(o).statuses).toEqual(['failure']),
  ),
  {
    name: 'materialize what is stale',
    cli: ['materialize', '--stale', '--select', 'raw/orders'],
    fromCli: cliRuns,
    api: () => ({ query: `mutation { r: materializeStale(selection: "raw/orders") { ${LAUNCH} } }` }),
    fromApi: launchedRuns,
    expected: (o) => expect(ok(o).runs).toHaveLength(7), // 10 days, 3 done
  },
  {
    name: 'preview a backfill',
    cli: ['backfill', '--select', 'raw/orders+', '--from', '2024-01-01', '--to', '2024-01-04', '--dry-run'],
    fromCli: (json) => ({ runCount: json.runCount, assetPartitionCount: json.summary.assetPartitionCount }),
    api: () => ({
      query: `query { r: backfillPreview(input: { selection: "raw/orders+", partitions: { range: { from: "2024-01-01", to: "2024-01-04" } } }) { runCount assetPartitionCount } }`,
    }),
    fromApi: (data) => data,
    expected: (o) => expect(ok(o)).toEqual({ runCount: 4, assetPartitionCount: 8 }),
  },
  {
    name: 'launch a backfill (one failing partition)',
    cli: ['backfill', '--select', 'flaky/daily', '--from', '2024-01-04', '--to', '2024-01-06'],
    fromCli: (json, s) => {
      s.cli.backfill = json.backfillId;
      return { status: json.status };
    },
    api: () => ({ query: `mutation { r: launchBackfill(input: { selection: "flaky/daily", partitions: { range: { from: "2024-01-04", to: "2024-01-06" } }, maxConcurrentRuns: 4 }) { ${RESULT} ... on BackfillSuccess { backfill { id } } } }` }),
    fromApi: async (data, s) => {
      s.api.backfill = data.backfill.id;
      for (const until = Date.now() + 60_000; ; ) {
        const b = (await apiStorage.getBackfill(data.backfill.id))!;
        if (['completed_success', 'completed_failed', 'canceled'].includes(b.status)) return { status: b.status };
        if (Date.now() > until) throw new Error(`backfill ${b.id} did not end (${b.status})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    expected: (o) => expect(ok(o)).toEqual({ status: 'completed_failed' }),
  },
  {
    name: 'retry the failed part of a backfill',
    cli: (s) => ['retry', s.cli.backfill!],
    fromCli: (json) => ({ status: json.status }),
    api: (s) => ({ query: `mutation($id: ID!) { r: retryFailedBackfill(backfillId: $id) { ${RESULT} ... on BackfillSuccess { backfill { status } } } }`, variables: { id: s.api.backfill } }),
    fromApi: (data) => ({ status: data.backfill.status.toLowerCase() }),
    expected: (o) => expect(ok(o)).toEqual({ status: 'requested' }),
  },
  {
    name: 'run checks',
    cli: ['check', '--select', 'clean/orders'],
    fromCli: (json) => ({ ok: json.ok, passed: json.passed, failed: json.failed }),
    api: () => ({ query: `mutation { r: runChecks(selection: "clean/orders") { ${RESULT} ... on RunChecksSuccess { ok passed failed } } }` }),
    fromApi: (data) => ({ ok: data.ok, passed: data.passed, failed: data.failed }),
    expected: (o) => expect(ok(o)).toEqual({ ok: true, passed: 1, failed: 0 }), // clean/orders has one day stored (2024-01-03); its latest day failed
  },
  {
    name: 'observe the sources',
    cli: ['observe'],
    fromCli: (json) => json.map((o: any) => ({ assetKey: o.assetKey, dataVersion: o.dataVersion })),
    api: () => ({ query: `mutation { r: observe { ${RESULT} ... on ObserveSuccess { observations { assetKey dataVersion } } } }` }),
    fromApi: (data) => data.observations,
    expected: (o) => expect(ok(o)).toEqual([{ assetKey: 'raw/feed', dataVersion: 'feed-v1' }]),
  },
  {
    name: 'report a materialization made elsewhere',
    cli: ['report', 'raw/customers', '--data-version', 'ext-1'],
    fromCli: (json) => ({ assetKey: json.assetKey, dataVersion: json.dataVersion }),
    api: () => ({ query: `mutation { r: reportMaterialization(assetKey: "raw/customers", dataVersion: "ext-1") { ${RESULT} ... on ReportMaterializationSuccess { materialization { assetKey dataVersion } } } }` }),
    fromApi: (data) => data.materialization,
  },
  {
    name: 'cancel an ended run: a conflict',
    cli: (s) => ['cancel', s.cli.ended!],
    fromCli: (json) => json,
    api: (s) => ({ query: `mutation($id: ID!) { r: cancelRun(runId: $id) { ${RESULT} ... on RunSuccess { run { status } } } }`, variables: { id: s.api.ended } }),
    fromApi: (data) => data,
    expected: code('RUN_STATE_CONFLICT'),
  },
  {
    name: 'cancel an unknown run',
    cli: ['cancel', 'no-such-run'],
    fromCli: (json) => json,
    api: () => ({ query: `mutation { r: cancelRun(runId: "no-such-run") { ${RESULT} } }` }),
    fromApi: (data) => data,
    expected: code('RUN_NOT_FOUND'),
  },
  {
    name: 're-execute the failed run',
    cli: (s) => ['reexecute', s.cli.failed!],
    fromCli: (json) => ({ status: json.status, assetKeys: json.assetKeys }),
    api: (s) => ({ query: `mutation($id: ID!) { r: reexecuteRun(runId: $id) { ${RESULT} ... on RunSuccess { run { status assetKeys } } } }`, variables: { id: s.api.failed } }),
    fromApi: (data) => ({ status: data.run.status.toLowerCase(), assetKeys: data.run.assetKeys }),
    expected: (o) => expect(ok(o)).toEqual({ status: 'queued', assetKeys: ['flaky/daily'] }),
  },
  {
    name: 're-execute a run that succeeded: a conflict',
    cli: (s) => ['reexecute', s.cli.ended!],
    fromCli: (json) => json,
    api: (s) => ({ query: `mutation($id: ID!) { r: reexecuteRun(runId: $id) { ${RESULT} } }`, variables: { id: s.api.ended } }),
    fromApi: (data) => data,
    expected: code('RUN_STATE_CONFLICT'),
  },
  materialize('an invalid selection', ['--select', 'raw/orders+('], { s: 'raw/orders+(' }, code('SELECTION_SYNTAX_ERROR')),
  materialize('an unknown asset', ['--select', 'raw/order'], { s: 'raw/order' }, code('ASSET_NOT_FOUND')),
  materialize('an impossible date', ['--select', 'raw/orders', '--partition', '2024-02-30'], { s: 'raw/orders', p: '2024-02-30' }, code('PARTITION_KEY_INVALID')),
  materialize('a range ending on an impossible date', ['--select', 'raw/orders', '--from', '2024-01-02', '--to', '2024-01-32'], { s: 'raw/orders', r: { from: '2024-01-02', to: '2024-01-32' } }, code('PARTITION_KEY_INVALID')),
];

describe('parity: the CLI and the API give the same plans, results and error codes', () => {
  let cliDir: string;
  let apiDir: string;
  let yoga: BatonYoga;
  let coordinator: RunCoordinator;
  let driver: BackfillDriver;
  const shared = { cli: {} as Record<string, string>, api: {} as Record<string, string> };

  beforeAll(async () => {
    cliDir = makeProject('parity');
    apiDir = makeProject('parity');
    const defs = (await import(join(apiDir, 'baton.config.ts'))).default as Definitions;
    mkdirSync(join(apiDir, '.baton'), { recursive: true });
    apiStorage = await createSqliteStorage({ path: join(apiDir, '.baton', 'baton.db') });
    const ioManagers: Readonly<Record<string, IOManager>> = await projectIOManagers(apiDir, defs);
    yoga = createBatonYoga({ storage: apiStorage, getDefinitions: () => defs, onRunsCreated: notifyRunsQueued, ioManagers: () => ioManagers, pollMs: 100 });
    coordinator = startRunCoordinator({ storage: apiStorage, definitions: defs, ioManagers, pollMs: 100 });
    driver = startBackfillDriver({ storage: apiStorage, intervalMs: 100 });
  }, 60_000);

  afterAll(async () => {
    await driver?.stop();
    await coordinator?.stop();
    await apiStorage?.close();
    removeProject(cliDir);
    removeProject(apiDir);
  });

  async function viaCli(c: Case): Promise<Outcome> {
    const args = typeof c.cli === 'function' ? c.cli({ ...shared, side: 'cli', storage: apiStorage }) : c.cli;
    const r = await baton([...args, '--json'], { cwd: cliDir, timeoutMs: 120_000 });
    if (r.code !== 0 && r.stderr.startsWith('{"error"')) {
      expect(r.code, `${args.join(' ')}: an error exits 2 (bad input or a conflict)`).toBe(2);
      return { error: JSON.parse(r.stderr.trim().split('\n')[0]!).error.code };
    }
    const json = JSON.parse(r.stdout);
    // remember ids for later requests: a run that succeeded, the run that failed
    for (const run of json.runs ?? []) {
      if (run.status === 'success') shared.cli.ended ??= run.runId;
      if (run.status === 'failure') shared.cli.failed = run.runId;
    }
    return { ok: await c.fromCli(json, { ...shared, side: 'cli', storage: apiStorage }) };
  }

  async function viaApi(c: Case): Promise<Outcome> {
    const { query, variables } = c.api({ ...shared, side: 'api', storage: apiStorage });
    const res = await yoga.fetch('http://127.0.0.1/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: { r: any }; errors?: { extensions?: { code?: string } }[] };
    if (body.errors?.length) return { error: body.errors[0]!.extensions?.code ?? 'UNKNOWN' };
    const data = body.data!.r;
    if (data.code) return { error: data.code };
    for (const run of data.runs ?? []) {
      const ended_ = await ended(run.id);
      if (ended_.status === 'success') shared.api.ended ??= run.id;
      if (ended_.status === 'failure') shared.api.failed = run.id;
    }
    return { ok: await c.fromApi(data, { ...shared, side: 'api', storage: apiStorage }) };
  }

  for (const c of CASES) {
    it(c.name, async () => {
      const [cli, api] = [await viaCli(c), await viaApi(c)];
      expect(cli).toEqual(api);
      c.expected?.(cli);
    }, 180_000);
  }
});
