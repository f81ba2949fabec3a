import { deadline, maxAge } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { at } from '../test/fixtures';
import { freshnessOf } from './freshness-of';

const H = 3_600_000;

describe('freshnessOf', () => {
  it('maxAge: fresh, warn, overdue and unknown with reasons', () => {
    const policy = maxAge({ hours: 2, warnAfter: { hours: 1 } });
    const now = at('2026-03-02T12:00:00Z');
    expect(freshnessOf({ freshness: policy }, { timestamp: now - 30 * 60_000 }, now)).toMatchObject({ status: 'fresh', reason: 'last materialized 30m ago; the limit is 2h', nextChangeAt: now + 30 * 60_000 });
    expect(freshnessOf({ freshness: policy }, { timestamp: now - 90 * 60_000 }, now)).toMatchObject({ status: 'warn', reason: 'last materialized 1h 30m ago; warns after 1h, the limit is 2h' });
    expect(freshnessOf({ freshness: policy }, { timestamp: now - 3 * H - 5 * 60_000 }, now)).toMatchObject({ status: 'overdue', reason: 'last materialized 3h 5m ago; the limit is 2h' });
    expect(freshnessOf({ freshness: policy }, undefined, now)).toMatchObject({ status: 'unknown', reason: 'never materialized' });
    expect(freshnessOf({}, { timestamp: now }, now)).toMatchObject({ status: 'unknown', reason: 'no freshness policy' });
  });

  it('deadline: updated by 09:00 Europe/Berlin', () => {
    const policy = deadline({ cron: '0 9 * * *', timezone: 'Europe/Berlin', lowerBound: { hours: 9 } });
    const nine = at('2026-03-02T08:00:00Z'); // 09:00 CET
    // materialized 07:30 Berlin today: meets today's deadline (after 00:00 Berlin)
    expect(freshnessOf(policy, { timestamp: nine - 90 * 60_000 }, nine + H)).toMatchObject({ status: 'fresh', reason: 'met the deadline 2026-03-02T08:00:00Z (materialized 2026-03-02T06:30:00Z)' });
    // last materialized yesterday: today's deadline is missed
    expect(freshnessOf(policy, { timestamp: nine - 20 * H }, nine + H).status).toBe('overdue');
    expect(freshnessOf(policy, { timestamp: nine - 20 * H }, nine + H).reason).toMatch(/^missed the deadline 2026-03-02T08:00:00Z \(Europe\/Berlin\)/);
    // 08:30 Berlin, yesterday's deadline met, today's not yet and due within the hour: warn
    const early = freshnessOf(policy, { timestamp: nine - 24 * H }, nine - 30 * 60_000);
    expect(early).toMatchObject({ status: 'warn', reason: 'the deadline 2026-03-02T08:00:00Z is 30m away and not met yet (needs a materialization after 2026-03-01T23:00:00Z)' });
  });
});
