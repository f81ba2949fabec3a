import { describe, expect, it } from 'vitest';
import {
  BatonError,
  asset,
  dailyPartitions,
  definitions,
  hourlyPartitions,
  identityMapping,
  input,
  multiPartitionMapping,
  multiPartitions,
  staticPartitions,
  timeWindowMapping,
} from '../index';

// Dagster's mapping rules, checked through the public API.
const ctx = { now: Date.UTC(2024, 0, 4) }; // 2024-01-01 .. 2024-01-03 exist

const errorOf = (fn: () => unknown): BatonError => {
  try {
    fn();
  } catch (e) {
    if (BatonError.is(e)) return e;
    throw e;
  }
  throw new Error('expected a BatonError');
};

describe('timeWindowMapping between time zones', () => {
  it('is rejected at definitions time, saying what to do', () => {
    const utcDays = asset({ key: 'utc_days', partitions: dailyPartitions({ start: '2024-01-01' }), compute: () => 1 });
    const nyDays = dailyPartitions({ start: '2024-01-01', timezone: 'America/New_York' });
    const explicit = asset({ key: 'ny_days', partitions: nyDays, ins: { u: input(utcDays, { mapping: timeWindowMapping() }) }, compute: () => 1 });
    const e = errorOf(() => definitions({ assets: [utcDays, explicit] }));
    expect(e.code).toBe('PARTITION_MAPPING_INVALID');
    expect(e.message).toContain('utc_days → ny_days');
    expect(e.message).toContain('time zones differ (UTC upstream, America/New_York downstream)');
    expect(e.hint).toMatch(/same timezone/);
    // the inferred mapping between time windows is a time-window mapping too: same error
    const inferred = asset({ key: 'ny_hours', partitions: hourlyPartitions({ start: '2024-01-01-00:00', timezone: 'America/New_York' }), deps: [utcDays], compute: () => 1 });
    expect(errorOf(() => definitions({ assets: [utcDays, inferred] })).code).toBe('PARTITION_MAPPING_INVALID');
  });
});

describe('identityMapping between two static partitionings', () => {
  const upstream = staticPartitions(['a', 'b', 'c']);
  const downstream = staticPartitions(['b', 'c', 'd']);

  it('maps the keys they share and reports the rest as non-existent', () => {
    const m = identityMapping();
    expect(() => m.validate(upstream, downstream)).not.toThrow();
    expect(m.upstreamOf(downstream.all(), upstream).keys()).toEqual(['b', 'c']);
    expect(m.missingUpstreamKeysOf!(downstream.all(), upstream)).toEqual(['d']);
    expect(m.downstreamOf(upstream.all(), downstream).keys()).toEqual(['b', 'c']);
    const up = asset({ key: 'up', partitions: upstream, compute: () => 1 });
    const down = asset({ key: 'down', partitions: downstream, ins: { u: input(up, { mapping: identityMapping() }) }, compute: () => 1 });
    expect(() => definitions({ assets: [up, down] })).not.toThrow();
  });
});

describe('multi-partition mappings report upstream partitions that do not exist', () => {
  const upstream = multiPartitions({ date: dailyPartitions({ start: '2024-01-01' }), region: staticPartitions(['eu', 'us']) });
  const downstream = multiPartitions({ date: dailyPartitions({ start: '2024-01-01' }), region: staticPartitions(['eu', 'us', 'apac']) });
  const mapping = multiPartitionMapping({
    date: { dimension: 'date', mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }) },
    region: { dimension: 'region', mapping: identityMapping() },
  });

  it('like the time-window mapping does', () => {
    const wanted = downstream.subset(['2024-01-02|apac', '2024-01-02|eu', '2024-01-01|us'], ctx);
    expect(mapping.upstreamOf(wanted, upstream, ctx).keys()).toEqual(['2024-01-01|eu']);
    expect(mapping.missingUpstreamKeysOf!(wanted, upstream, ctx)).toEqual(['2023-12-31|us', '2024-01-01|apac']);
    const days = dailyPartitions({ start: '2024-01-01' });
    expect(timeWindowMapping({ startOffset: -1, endOffset: -1 }).missingUpstreamKeysOf!(days.subset(['2024-01-01'], ctx), days, ctx)).toEqual(['2023-12-31']);
  });
});

describe('multi-partition keys with one dimension value', () => {
  const multi = multiPartitions({ date: dailyPartitions({ start: '2024-01-01' }), region: staticPartitions(['amer', 'emea', 'apac']) });

  it('lists them without scanning every key', () => {
    expect(multi.keysWithDimensionValue('region', 'emea', ctx)).toEqual(['2024-01-01|emea', '2024-01-02|emea', '2024-01-03|emea']);
    expect(multi.keysWithDimensionValue('date', '2024-01-02', ctx)).toEqual(['2024-01-02|amer', '2024-01-02|emea', '2024-01-02|apac']);
    // a year of days × 3 regions: one range per day for a region, one range for a date
    const year = { now: Date.UTC(2025, 0, 1) };
    expect(multi.subsetWithDimensionValue('region', 'apac', year).ranges).toHaveLength(366);
    expect(multi.subsetWithDimensionValue('date', '2024-06-01', year).ranges).toHaveLength(1);
  });

  it('names the dimension or value that does not exist', () => {
    const e = errorOf(() => multi.keysWithDimensionValue('regoin', 'emea', ctx));
    expect(e.code).toBe('PARTITION_KEY_INVALID');
    expect(e.hint).toBe('did you mean "region"?');
    expect(errorOf(() => multi.keysWithDimensionValue('region', 'mars', ctx)).message).toContain('dimension "region"');
  });
});
