import { describe, expect, it } from 'vitest';
import { BatonError } from '../errors/baton-error';
import { dailyPartitions } from '../partitions/calendar-partitions';
import { dynamicPartitions } from '../partitions/dynamic-partitions';
import { multiPartitions } from '../partitions/multi-partitions';
import { staticPartitions } from '../partitions/static-partitions';
import { UNPARTITIONED } from '../partitions/unpartitioned';
import { allPartitionsMapping } from './all-partitions-mapping';
import { identityMapping } from './identity-mapping';
import { lastPartitionMapping } from './last-partition-mapping';
import { multiPartitionMapping } from './multi-partition-mapping';
import { multiToSingleDimensionMapping } from './multi-to-single-dimension-mapping';
import { specificPartitionsMapping } from './specific-partitions-mapping';
import { staticPartitionMapping } from './static-partition-mapping';
import { timeWindowMapping } from './time-window-mapping';

const ctx = { now: Date.UTC(2024, 0, 4), dynamicKeys: () => ['a', 'b', 'c'] };
const days = dailyPartitions({ start: '2024-01-01' }); // 3 days exist
const regions = staticPartitions(['eu', 'us']);

const errorOf = (fn: () => unknown): BatonError => {
  try {
    fn();
  } catch (e) {
    if (BatonError.is(e)) return e;
  }
  throw new Error('expected a BatonError');
};

describe('identity, all, last, specific', () => {
  it('identity maps keys to themselves and refuses key spaces that are not key lists', () => {
    const m = identityMapping();
    expect(m.upstreamOf(regions.subset(['us']), regions).keys()).toEqual(['us']);
    expect(m.downstreamOf(regions.subset(['eu']), regions).keys()).toEqual(['eu']);
    const e = errorOf(() => m.validate(regions, days));
    expect(e.code).toBe('PARTITION_MAPPING_INVALID');
    expect(e.message).toContain('identityMapping() cannot map upstream static partitions ["eu", "us"] to downstream');
  });

  it('all: everything, also through UNPARTITIONED', () => {
    const m = allPartitionsMapping();
    expect(m.upstreamOf(UNPARTITIONED.all(), days, ctx).keys()).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(m.downstreamOf(days.subset(['2024-01-02'], ctx), UNPARTITIONED, ctx).keys()).toEqual(['']);
    expect(m.downstreamOf(days.empty(), UNPARTITIONED, ctx).isEmpty).toBe(true);
  });

  it('last: the last existing upstream partition', () => {
    const m = lastPartitionMapping();
    expect(m.upstreamOf(UNPARTITIONED.all(), days, ctx).keys()).toEqual(['2024-01-03']);
    expect(m.downstreamOf(days.subset(['2024-01-03'], ctx), regions, ctx).keys()).toEqual(['eu', 'us']);
    expect(m.downstreamOf(days.subset(['2024-01-02'], ctx), regions, ctx).isEmpty).toBe(true);
  });

  it('specific partitions', () => {
    const m = specificPartitionsMapping(['us']);
    expect(m.upstreamOf(days.subset(['2024-01-02'], ctx), regions, ctx).keys()).toEqual(['us']);
    expect(m.downstreamOf(regions.subset(['us']), days, ctx).size).toBe(3);
    expect(m.downstreamOf(regions.subset(['eu']), days, ctx).isEmpty).toBe(true);
    expect(errorOf(() => specificPartitionsMapping(['apac']).validate(regions, days)).message).toContain('"apac" is not an upstream partition key');
  });
});

describe('staticPartitionMapping', () => {
  const raw = staticPartitions(['raw-eu', 'raw-us', 'raw-ca']);
  const m = staticPartitionMapping({ 'raw-eu': 'eu', 'raw-us': 'us', 'raw-ca': 'us' });

  it('maps upstream keys to downstream keys, both ways', () => {
    expect(m.downstreamOf(raw.subset(['raw-ca']), regions).keys()).toEqual(['us']);
    expect(m.upstreamOf(regions.subset(['us']), raw).keys()).toEqual(['raw-us', 'raw-ca']);
    const fanOut = staticPartitionMapping({ 'raw-eu': ['eu', 'us'] });
    expect(fanOut.downstreamOf(raw.subset(['raw-eu']), regions).keys()).toEqual(['eu', 'us']);
  });

  it('validates keys and kinds', () => {
    expect(errorOf(() => staticPartitionMapping({ 'raw-xx': 'eu' }).validate(raw, regions)).message).toContain('"raw-xx" is not an upstream partition key');
    expect(errorOf(() => staticPartitionMapping({ 'raw-eu': 'fr' }).validate(raw, regions)).message).toContain('"fr" is not a downstream partition key');
    expect(errorOf(() => m.validate(raw, days)).message).toMatch(/both sides must be static partitions, the downstream is time-window/);
  });
});

describe('multi mappings', () => {
  const multi = multiPartitions({ date: days, region: regions });

  it('multi → single and single → multi on a named dimension', () => {
    const m = multiToSingleDimensionMapping({ dimension: 'date' });
    // downstream daily reads every region of that date
    expect(m.upstreamOf(days.subset(['2024-01-02'], ctx), multi, ctx).keys()).toEqual(['2024-01-02|eu', '2024-01-02|us']);
    expect(m.downstreamOf(multi.subset(['2024-01-03|us', '2024-01-01|eu'], ctx), days, ctx).keys()).toEqual(['2024-01-01', '2024-01-03']);
    // reversed: a multi downstream of a daily upstream
    expect(m.upstreamOf(multi.subset(['2024-01-02|us'], ctx), days, ctx).keys()).toEqual(['2024-01-02']);
    expect(m.downstreamOf(days.subset(['2024-01-03'], ctx), multi, ctx).keys()).toEqual(['2024-01-03|eu', '2024-01-03|us']);
    expect(multiToSingleDimensionMapping({ dimension: 'region' }).upstreamOf(regions.subset(['us']), multi, ctx).size).toBe(3);
  });

  it('multi → single errors name the problem', () => {
    expect(errorOf(() => multiToSingleDimensionMapping({ dimension: 'regoin' }).validate(multi, regions)).message).toMatch(/there is no dimension "regoin". did you mean "region"/);
    expect(errorOf(() => multiToSingleDimensionMapping({ dimension: 'region' }).validate(multi, days)).message).toContain('dimension "region" has different partitions');
    expect(errorOf(() => multiToSingleDimensionMapping().validate(days, regions)).message).toContain('neither side is multi-partitioned');
  });

  it('per-dimension mappings over three dimensions, with a time offset', () => {
    const customers = dynamicPartitions('customers');
    const up = multiPartitions({ date: days, region: regions, customer: customers });
    const down = multiPartitions({ day: days, market: regions, client: customers });
    const m = multiPartitionMapping({
      date: { dimension: 'day', mapping: timeWindowMapping({ startOffset: -1, endOffset: -1 }) },
      region: { dimension: 'market', mapping: identityMapping() },
      customer: { dimension: 'client', mapping: identityMapping() },
    });
    m.validate(up, down);
    // down key order: client|day|market ; up key order: customer|date|region
    expect(m.upstreamOf(down.subset(['b|2024-01-03|us'], ctx), up, ctx).keys()).toEqual(['b|2024-01-02|us']);
    expect(m.upstreamOf(down.subset(['b|2024-01-01|us'], ctx), up, ctx).isEmpty).toBe(true);
    expect(m.downstreamOf(up.subset(['c|2024-01-01|eu', 'a|2024-01-02|us'], ctx), down, ctx).keys()).toEqual(['a|2024-01-03|us', 'c|2024-01-02|eu']);
    // an unmapped upstream dimension is read whole
    const partial = multiPartitionMapping({ date: { dimension: 'day', mapping: identityMapping() }, customer: { dimension: 'client', mapping: identityMapping() } });
    expect(partial.upstreamOf(down.subset(['a|2024-01-01|eu'], ctx), up, ctx).keys()).toEqual(['a|2024-01-01|eu', 'a|2024-01-01|us']);
    expect(errorOf(() => multiPartitionMapping({ dte: { dimension: 'day', mapping: identityMapping() } }).validate(up, down)).message).toMatch(/the upstream has no dimension "dte". did you mean "date"/);
    expect(errorOf(() => m.validate(up, days)).message).toContain('both sides must be multi-partitioned');
  });
});
