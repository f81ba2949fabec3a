import { describe, expect, it } from 'vitest';
import { datePresets } from './DateRangePicker';

describe('datePresets', () => {
  it('computes inclusive ranges around today, across month and year ends', () => {
    const p = datePresets(new Date(2024, 2, 15));
    expect(p[0]).toEqual({ label: 'Last 7 days', from: '2024-03-09', to: '2024-03-15' });
    expect(p[2]).toEqual({ label: 'This month', from: '2024-03-01', to: '2024-03-15' });
    expect(p[3]).toEqual({ label: 'Last month', from: '2024-02-01', to: '2024-02-29' });
    expect(datePresets(new Date(2024, 0, 3))[3]).toEqual({ label: 'Last month', from: '2023-12-01', to: '2023-12-31' });
  });
});
