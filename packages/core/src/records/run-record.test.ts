import { describe, expect, it } from 'vitest';
import { countEndedSteps, FAILED_STEP_STATUSES, isFailedStepStatus, isTerminalStepStatus, TERMINAL_STEP_STATUSES, type StepStatus } from './run-record';

const ALL: StepStatus[] = ['pending', 'running', 'success', 'failure', 'skipped', 'canceled'];

describe('step statuses', () => {
  it('lists exactly the statuses the predicates accept (storage counts them in SQL from the lists)', () => {
    expect(ALL.filter(isTerminalStepStatus)).toEqual(TERMINAL_STEP_STATUSES);
    expect(ALL.filter(isFailedStepStatus)).toEqual(FAILED_STEP_STATUSES);
  });

  it('counts ended steps and the failed or canceled among them', () => {
    expect(countEndedSteps(ALL.map((status) => ({ status })))).toEqual({ terminal: 4, failed: 2 });
    expect(countEndedSteps([])).toEqual({ terminal: 0, failed: 0 });
  });
});
