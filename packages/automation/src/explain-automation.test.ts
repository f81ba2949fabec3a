import { asset, dailyPartitions, definitions, eager } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { at, snap } from '../test/fixtures';
import { evaluateTick } from './evaluate-tick';
import { explainAutomation } from './explain-automation';

describe('explainAutomation', () => {
  it('explains the latest evaluation of an asset, all partitions or one', async () => {
    const days = dailyPartitions({ start: '2026-03-01' });
    const raw = asset({ key: 'raw/orders', partitions: days, compute: () => 1 });
    const clean = asset({ key: 'clean/orders', partitions: days, ins: { raw }, compute: () => 1, automation: eager() });
    const now = at('2026-03-06T00:10:00Z');
    const result = await evaluateTick({ definitions: definitions({ assets: [raw, clean] }), snapshot: snap(now, { 'raw/orders': { latest: { '2026-03-01': [1, now] } } }), state: [], now });
    const ticks = [{ name: '__conditions', timestamp: now, status: 'skipped' as const, runIds: [], evaluation: { kind: 'conditions', assets: result.evaluations } }];
    expect(explainAutomation('clean/orders', ticks)).toBe(
      [
        'clean/orders at 2026-03-06T00:10:00Z: 0 of 5 partition(s) requested',
        '  4 partition(s) 2026-03-01…2026-03-04: not requested: it is not the latest time partition (only the latest is automated)',
        '  partition 2026-03-05: not requested: upstream `raw/orders` partition 2026-03-05 is missing',
      ].join('\n'),
    );
    expect(explainAutomation('clean/orders', ticks, '2026-03-05')).toBe('clean/orders at 2026-03-06T00:10:00Z, partition 2026-03-05: not requested: upstream `raw/orders` partition 2026-03-05 is missing');
    expect(explainAutomation('raw/orders', ticks)).toMatch(/^raw\/orders: no automation evaluation recorded/);
  });
});
