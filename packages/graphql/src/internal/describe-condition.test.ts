import { AutomationCondition as A, eager, onCron, onMissing } from '@baton/core';
import { describe, expect, it } from 'vitest';
import { describeCondition } from './describe-condition';

describe('describeCondition', () => {
  it('names the built-ins by their label', () => {
    expect(describeCondition(eager())).toBe('eager');
    expect(describeCondition(onMissing())).toBe('onMissing');
    expect(describeCondition(onCron('0 9 * * *', 'Europe/Berlin'))).toBe('onCron(0 9 * * *, Europe/Berlin)');
  });

  it('spells out composed conditions with parentheses where nested', () => {
    expect(describeCondition(A.and(A.missing(), A.not(A.anyDepsMissing())))).toBe('missing and not anyDepsMissing');
    expect(describeCondition(A.or(A.and(A.missing(), A.failed()), A.codeVersionChanged()))).toBe('(missing and failed) or codeVersionChanged');
    expect(describeCondition(A.since(A.newlyTrue(A.cronTickPassed('0 * * * *')), A.newlyUpdated()))).toBe('since(newlyTrue(cronTickPassed(0 * * * *, UTC)), newlyUpdated)');
  });
});
