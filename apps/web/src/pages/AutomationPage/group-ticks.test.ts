import { describe, expect, it } from 'vitest';
import { groupTicks } from './group-ticks';

const tick = (id: string, summary = 'no tick due', status = 'SKIPPED', runIds: string[] = [], error: string | null = null) => ({ id, status, summary, runIds, error });

describe('groupTicks', () => {
  it('folds consecutive quiet ticks with the same summary into one line, keeping order', () => {
    const lines = groupTicks([tick('7', 'requested 2 runs', 'SUCCESS', ['r1', 'r2']), tick('6'), tick('5'), tick('4'), tick('3', 'skipped 1 missed tick(s)'), tick('2'), tick('1')]);
    expect(lines.map((l) => (l.kind === 'tick' ? l.tick.id : `${l.summary}×${l.ticks.length}`))).toEqual(['7', 'no tick due×3', '3', 'no tick due×2']);
  });

  it('keeps a lone quiet tick, failures and ticks with runs as their own lines', () => {
    const lines = groupTicks([tick('3'), tick('2', 'sensor threw', 'FAILURE', [], 'boom'), tick('1', 'no tick due', 'SKIPPED', [], 'lease lost')]);
    expect(lines.map((l) => l.kind)).toEqual(['tick', 'tick', 'tick']);
  });
});
