import type { AutomationCondition } from '@baton/core';

/**
 * An automation condition as one line of text: a labelled node (the built-ins `eager`,
 * `onCron(…)`, `onMissing`) by its label, others as their operands and combinators.
 *
 * @example
 * describeCondition(eager()); // 'eager'
 * describeCondition(AutomationCondition.and(AutomationCondition.missing(), AutomationCondition.not(AutomationCondition.anyDepsMissing())));
 * // 'missing and not anyDepsMissing'
 */
export function describeCondition(c: AutomationCondition, nested = false): string {
  const wrap = (text: string) => (nested ? `(${text})` : text);
  switch (c.kind) {
    case 'and':
    case 'or':
      return c.label ?? wrap(c.operands.map((o) => describeCondition(o, true)).join(` ${c.kind} `));
    case 'not':
      return `not ${describeCondition(c.operand, true)}`;
    case 'since':
      return c.label ?? `since(${describeCondition(c.trigger)}, ${describeCondition(c.reset)})`;
    case 'newlyTrue':
      return `newlyTrue(${describeCondition(c.operand)})`;
    case 'cronTickPassed':
    case 'allDepsUpdatedSince':
      return `${c.kind}(${c.cron}, ${c.timezone})`;
    default:
      return c.kind;
  }
}
