import { describe, expect, it } from 'vitest';
import { asset } from '../assets/asset';
import { BatonError } from '../errors/baton-error';
import { definitions } from '../graph/definitions';
import { dailyPartitions } from '../partitions/calendar-partitions';
import { AssetSelection } from '../selection/asset-selection';
import { AutomationCondition, eager, isAutomationCondition, onCron, onMissing } from './automation-condition';
import { deadline, maxAge } from './freshness-policy';
import { schedule } from './schedule';
import { assetSensor, runStatusSensor, sensor } from './sensor';

const raw = asset({ key: 'raw/orders', compute: () => 1, automation: onMissing(), freshness: maxAge({ hours: 2 }) });
const clean = asset({ key: 'clean/orders', ins: { raw }, compute: () => 2, automation: eager() });

const thrown = (fn: () => unknown): BatonError => {
  try {
    fn();
  } catch (e) {
    return BatonError.from(e);
  }
  throw new Error('did not throw');
};

describe('automation definitions', () => {
  it('builds frozen, JSON-round-trippable condition trees', () => {
    const c = onCron('0 9 * * *', 'Europe/Berlin');
    expect(Object.isFrozen(c)).toBe(true);
    const back = JSON.parse(JSON.stringify(c)) as unknown;
    expect(back).toEqual(c);
    expect(isAutomationCondition(back)).toBe(true);
    expect(isAutomationCondition({ kind: 'and', operands: [{ kind: 'sometimes' }] })).toBe(false);
    expect(AutomationCondition.not(AutomationCondition.missing())).toEqual({ kind: 'not', operand: { kind: 'missing' } });
  });

  it('lets assets carry automation and freshness', () => {
    expect(clean.automation).toEqual(eager());
    expect(raw.freshness).toEqual({ kind: 'maxAge', maxAgeMs: 7_200_000, warnAfterMs: null });
    expect(thrown(() => asset({ key: 'x', compute: () => 1, automation: { kind: 'sometimes' } as never })).message).toMatch(/Asset "x": automation is not an automation condition/);
  });

  it('validates freshness and cron inputs with clear errors', () => {
    expect(thrown(() => maxAge({ hours: 0 })).message).toMatch(/maxAge\(\).*not a positive duration/);
    expect(thrown(() => deadline({ cron: '0 9 * *' })).message).toMatch(/deadline\(\): cron "0 9 \* \*" is invalid: expected 5 fields/);
    expect(thrown(() => deadline({ cron: '0 9 * * *', timezone: 'Mars/Olympus' })).message).toMatch(/not an IANA time zone/);
    expect(thrown(() => schedule({ name: 'bad', cron: '61 * * * *', target: 'raw/orders' })).message).toMatch(/schedule "bad": cron "61 \* \* \* \*" is invalid/);
    expect(deadline({ cron: '0 9 * * *', timezone: 'Europe/Berlin', lowerBound: { hours: 9 } })).toMatchObject({ lowerBoundMs: 9 * 3_600_000, warnBeforeMs: 3_600_000 });
  });

  it('accepts schedules and sensors in definitions() and validates them', () => {
    const nightly = schedule({ name: 'nightly', cron: '0 2 * * *', target: AssetSelection.keys('clean/orders') });
    const s = sensor({ name: 'files', evaluate: () => ({}) });
    const defs = definitions({ assets: [raw, clean], schedules: [nightly], sensors: [s, runStatusSensor({ name: 'alert', status: 'failure', handler: () => {} })] });
    expect(defs.schedules[0]?.target).toBe('key:clean/orders');
    expect(defs.sensors).toHaveLength(2);

    const unknown = thrown(() => definitions({ assets: [raw, clean], schedules: [schedule({ name: 'n', cron: '0 2 * * *', target: 'clean/ordrs' })] }));
    expect(unknown.code).toBe('UNKNOWN_ASSET_KEY');
    expect(unknown.message).toMatch(/schedule "n" targets asset "clean\/ordrs", which is not defined\. did you mean "clean\/orders"\?/);

    const dup = thrown(() => definitions({ assets: [raw], schedules: [schedule({ name: 'x', cron: '0 2 * * *', target: 'raw/orders' })], sensors: [sensor({ name: 'x', evaluate: () => ({}) })] }));
    expect(dup.message).toMatch(/Automation name "x" is used twice \(schedules\[0\] and sensors\[0\]\)/);

    const watched = thrown(() => definitions({ assets: [raw], sensors: [assetSensor({ name: 'w', assets: ['raw/order'], target: 'raw/orders' })] }));
    expect(watched.message).toMatch(/assetSensor "w" targets asset "raw\/order".*did you mean "raw\/orders"/);
    expect(thrown(() => definitions({ assets: [raw], schedules: [{ kind: 'nope' } as never] })).message).toMatch(/schedules\[0\] is not a schedule/);
  });

  it('keeps explicit schedule partitions and defaults', () => {
    const daily = asset({ key: 'd', partitions: dailyPartitions({ start: '2026-01-01' }), compute: () => 1 });
    const s = schedule({ name: 's', cron: '0 1 * * *', timezone: 'America/New_York', target: 'd', partitions: 'tick-window', catchUp: 'all' });
    expect(definitions({ assets: [daily], schedules: [s] }).schedules[0]).toMatchObject({ partitions: 'tick-window', catchUp: 'all', timezone: 'America/New_York' });
    expect(schedule({ name: 't', cron: '0 1 * * *', target: 'd' })).toMatchObject({ catchUp: 'last', timezone: 'UTC', partitions: null });
  });
});
