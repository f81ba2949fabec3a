import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlannedRunRequest } from '@baton/automation';
import { asset, dailyPartitions, definitions, type BatonStorage } from '@baton/core';
import { createSqliteStorage } from '@baton/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRunRequestLauncher } from './launch-run-requests';

const days = dailyPartitions({ start: '2026-01-01', end: '2026-01-10' });
const raw = asset({ key: 'raw/orders', partitions: days, compute: () => 1 });
const clean = asset({ key: 'clean/orders', partitions: days, ins: { raw }, compute: (_c, { raw }) => raw });
const kpis = asset({ key: 'marts/kpis', compute: () => 1 });
const defs = definitions({ assets: [raw, clean, kpis] });

const request = (assetKeys: string[], partitionKeys: string[] | null, extra: Partial<PlannedRunRequest> = {}): PlannedRunRequest => ({
  source: { kind: 'schedule', name: 'nightly' },
  assetKeys,
  partitionKeys,
  tags: { 'baton/schedule': 'nightly' },
  ...extra,
});

describe('createRunRequestLauncher', () => {
  let dir: string;
  let storage: BatonStorage;
  let woken: number;
  let lines: string[];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-launch-'));
    storage = await createSqliteStorage({ path: join(dir, 'baton.db') });
    woken = 0;
    lines = [];
  });
  afterEach(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const launcher = () => createRunRequestLauncher({ storage, getDefinitions: () => defs, onRunsCreated: () => woken++, log: (l) => lines.push(l) });

  it('queues one run per request, in order, with the partitions and tags asked for', async () => {
    const ids = await launcher()([request(['raw/orders', 'clean/orders'], ['2026-01-03']), request(['marts/kpis'], null, { runKey: 'k1' })]);
    expect(ids).toHaveLength(2);
    const [a, b] = await Promise.all(ids.map((id) => storage.getRun(id)));
    expect(a).toMatchObject({ status: 'queued', assetKeys: ['raw/orders', 'clean/orders'], partition: { kind: 'key', key: '2026-01-03' } });
    expect(a?.tags).toMatchObject({ 'baton/schedule': 'nightly' });
    expect(b).toMatchObject({ status: 'queued', assetKeys: ['marts/kpis'], partition: { kind: 'none' } });
    expect(b?.tags).toMatchObject({ 'baton/run-key': 'k1' });
    expect(woken).toBe(1);
  });

  it('gives a request that cannot be planned an empty id and logs why; throws when none can', async () => {
    const ids = await launcher()([request(['raw/orders'], ['2030-01-01']), request(['marts/kpis'], null)]);
    expect(ids[0]).toBe('');
    expect((await storage.getRun(ids[1]!))?.assetKeys).toEqual(['marts/kpis']);
    expect(lines).toEqual([expect.stringMatching(/^baton: automation could not launch raw\/orders \[2030-01-01\]: Partition "2030-01-01" is not a key of asset "raw\/orders"/)]);
    await expect(launcher()([request(['nope/asset'], null)])).rejects.toMatchObject({ code: 'ASSET_NOT_FOUND' });
    expect(await storage.countRuns()).toBe(1);
  });
});
