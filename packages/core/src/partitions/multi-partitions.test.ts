import { describe, expect, it } from 'vitest';
import { dailyPartitions, hourlyPartitions } from './calendar-partitions';
import { dynamicPartitions } from './dynamic-partitions';
import { multiPartitions } from './multi-partitions';
import { staticPartitions } from './static-partitions';

describe('multiPartitions', () => {
  const ctx = { now: Date.UTC(2024, 0, 4), dynamicKeys: () => ['a', 'b', 'c'] };
  const p = multiPartitions({
    region: staticPartitions(['eu', 'us']),
    date: dailyPartitions({ start: '2024-01-01' }),
    customer: dynamicPartitions('customers'),
  });

  it('orders dimensions by name and joins parts with "|"', () => {
    expect(p.dimensions.map((d) => d.name)).toEqual(['customer', 'date', 'region']);
    expect(p.count(ctx)).toBe(3 * 3 * 2);
    expect(p.keyAt(0, ctx)).toBe('a|2024-01-01|eu');
    expect(p.keyFromParts({ region: 'us', date: '2024-01-02', customer: 'b' })).toBe('b|2024-01-02|us');
    expect(p.partsOfKey('b|2024-01-02|us')).toEqual({ customer: 'b', date: '2024-01-02', region: 'us' });
  });

  it('indexes by mixed radix, first dimension most significant', () => {
    expect(p.indexOf('b|2024-01-02|us', ctx)).toBe((1 * 3 + 1) * 2 + 1);
    const keys = p.keys(ctx);
    expect(keys).toHaveLength(18);
    keys.forEach((k, i) => expect(p.indexOf(k, ctx)).toBe(i));
  });

  it('explains which dimension of a key is wrong', () => {
    expect(() => p.validateKey('a|2024-01-09|eu', ctx)).toThrowError(/invalid in dimension "date".*after the last existing partition/);
    expect(() => p.validateKey('a|2024-01-01', ctx)).toThrowError(/has 2 part\(s\); multi partitions \(customer × date × region\) keys have 3/);
    expect(() => p.keyFromParts({ regoin: 'eu' })).toThrowError(/Unknown dimension "regoin".*did you mean "region"/);
  });

  it('follows Dagster limits on dimensions', () => {
    expect(() => multiPartitions({ a: staticPartitions(['x']) })).toThrowError(/at least two dimensions/);
    expect(() => multiPartitions({ d: dailyPartitions({ start: '2024-01-01' }), h: hourlyPartitions({ start: '2024-01-01-00:00' }) })).toThrowError(/at most one time-window dimension/);
  });
});
