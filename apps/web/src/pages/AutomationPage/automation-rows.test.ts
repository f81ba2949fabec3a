import { describe, expect, it } from 'vitest';
import type { ScheduleItem, SensorItem } from '../../api/queries/automation';
import { automationRows, intervalText } from './automation-rows';

const schedule: ScheduleItem = { name: 'hourly_ingest', kind: 'schedule', cron: '5 * * * *', timezone: 'UTC', target: 'raw/events', status: 'RUNNING', nextTickAt: 1_000, catchUp: 'LAST', description: null, lastTick: null };
const sensor = (over: Partial<SensorItem>): SensorItem => ({ name: 's', kind: 'sensor', sensorType: 'CUSTOM', intervalSeconds: 30, target: null, watchedAssets: [], runStatus: null, status: 'STOPPED', nextTickAt: null, description: null, lastTick: null, ...over });

describe('automationRows', () => {
  it('puts schedules then sensors in one shape, with cadence, zone, target and status', () => {
    const rows = automationRows([schedule], [sensor({ name: 'files', intervalSeconds: 300 }), sensor({ name: 'orders_landed', sensorType: 'ASSET', target: 'clean/orders', watchedAssets: ['raw/orders'], status: 'RUNNING' }), sensor({ name: 'on_failure', sensorType: 'RUN_STATUS', runStatus: 'failure', intervalSeconds: 45 })]);
    expect(rows.map((r) => [r.name, r.kind, r.cadence, r.timezone, r.running])).toEqual([
      ['hourly_ingest', 'schedule', '5 * * * *', 'UTC', true],
      ['files', 'sensor', 'every 5 min', null, false],
      ['orders_landed', 'sensor', 'every 30 s', null, true],
      ['on_failure', 'sensor', 'every 45 s', null, false],
    ]);
    expect(rows.map((r) => r.target)).toEqual(['raw/events', 'what its function returns', 'clean/orders on new raw/orders', 'runs ending in failure']);
    expect(rows[0]?.nextTickAt).toBe(1_000);
    expect(rows[1]?.nextTickAt).toBeNull();
  });

  it('says intervals in the largest whole unit', () => {
    expect(intervalText(7200)).toBe('every 2 h');
    expect(intervalText(90)).toBe('every 90 s');
  });
});
