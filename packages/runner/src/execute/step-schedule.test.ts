import { StepPlan } from '@baton/planner';
import { describe, expect, it } from 'vitest';
import { StepSchedule } from './step-schedule';

const step = (key: string, dependsOn: string[] = []) => StepPlan.create({ key, assetKeys: [key], partitionKeys: [], partitionsDefinitionId: null, dependsOn, reasons: [] });

describe('StepSchedule', () => {
  it('starts steps whose dependencies in the run succeeded; a dependency outside the run is satisfied', () => {
    const schedule = new StepSchedule([step('a'), step('b', ['a', 'elsewhere']), step('c', ['a', 'b']), step('d')]);
    expect([schedule.nextReady(), schedule.nextReady(), schedule.nextReady()]).toEqual([0, 3, -1]);
    schedule.start(0);
    schedule.start(3);
    expect(schedule.runningCount).toBe(2);
    schedule.end(0);
    schedule.unblockDependents(0);
    expect([schedule.nextReady(), schedule.nextReady()]).toEqual([1, -1]); // c still waits for b
    schedule.start(1);
    schedule.end(1);
    schedule.unblockDependents(1);
    expect(schedule.nextReady()).toBe(2);
    expect(schedule.hasDependents(0)).toBe(true);
    expect(schedule.hasDependents(2)).toBe(false);
    expect(schedule.indexOf('c')).toBe(2);
    expect(schedule.indexOf('elsewhere')).toBe(-1);
  });

  it('never hands out a step that ended (skipped) before it became ready, and counts every step once', () => {
    const schedule = new StepSchedule([step('a'), step('b', ['a'])]);
    schedule.start(schedule.nextReady());
    schedule.end(1); // skipped
    schedule.end(0);
    schedule.end(0);
    schedule.unblockDependents(0);
    expect(schedule.nextReady()).toBe(-1);
    expect(schedule.allEnded).toBe(true);
    expect(schedule.runningCount).toBe(0);
    expect(schedule.running()).toEqual([]);
  });
});
