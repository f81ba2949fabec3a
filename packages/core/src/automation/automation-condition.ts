import { BatonError } from '../errors/baton-error';
import { assertCron } from './validate-cron';

/** Operands: facts about one asset partition at a tick. */
export type AutomationOperand =
  /** never materialized */
  | { readonly kind: 'missing' }
  /** a run materializing it is queued or running */
  | { readonly kind: 'inProgress' }
  /** its latest attempt failed */
  | { readonly kind: 'failed' }
  /** materialized since the previous tick */
  | { readonly kind: 'newlyUpdated' }
  /** requested by the previous tick */
  | { readonly kind: 'newlyRequested' }
  /** materialized with a code version other than the definition's */
  | { readonly kind: 'codeVersionChanged' }
  /** the latest partition of a time-partitioned asset (always true otherwise) */
  | { readonly kind: 'inLatestTimeWindow' }
  /** a tick of `cron` passed since the previous tick */
  | { readonly kind: 'cronTickPassed'; readonly cron: string; readonly timezone: string }
  /** an upstream partition it reads was materialized since the previous tick */
  | { readonly kind: 'anyDepsUpdated' }
  /** an upstream partition it reads (of a materializable upstream) is missing */
  | { readonly kind: 'anyDepsMissing' }
  /** an upstream partition it reads is being materialized */
  | { readonly kind: 'anyDepsInProgress' }
  /** every upstream partition it reads was materialized after the latest tick of `cron` */
  | { readonly kind: 'allDepsUpdatedSince'; readonly cron: string; readonly timezone: string };

/**
 * A declarative automation condition: a frozen tree of kind-tagged plain nodes (JSON as is), evaluated
 * per asset partition on every daemon tick. The partitions where it is true are requested.
 */
export type AutomationCondition =
  | AutomationOperand
  | { readonly kind: 'and'; readonly operands: readonly AutomationCondition[]; readonly label?: string }
  | { readonly kind: 'or'; readonly operands: readonly AutomationCondition[]; readonly label?: string }
  | { readonly kind: 'not'; readonly operand: AutomationCondition }
  /** true from a tick where `trigger` is true until a tick where `reset` is true (reset wins on the same tick) */
  | { readonly kind: 'since'; readonly trigger: AutomationCondition; readonly reset: AutomationCondition; readonly label?: string }
  /** true on the tick `operand` turns true (on the first evaluation: where it is true) */
  | { readonly kind: 'newlyTrue'; readonly operand: AutomationCondition };

export type AutomationConditionKind = AutomationCondition['kind'];

const KINDS: ReadonlySet<string> = new Set<AutomationConditionKind>([
  'missing', 'inProgress', 'failed', 'newlyUpdated', 'newlyRequested', 'codeVersionChanged', 'inLatestTimeWindow',
  'cronTickPassed', 'anyDepsUpdated', 'anyDepsMissing', 'anyDepsInProgress', 'allDepsUpdatedSince',
  'and', 'or', 'not', 'since', 'newlyTrue',
]);

const node = <T extends AutomationCondition>(value: T): T => Object.freeze(value);

function checked(value: unknown, where: string): AutomationCondition {
  if (!isAutomationCondition(value)) {
    throw new BatonError('INVALID_DEFINITION', `${where} is not an automation condition`, {
      hint: 'build conditions with eager(), onCron(), onMissing() or the AutomationCondition.* operands and combinators',
    });
  }
  return value;
}

/**
 * True for a well-formed condition tree (any depth), e.g. one parsed back from JSON.
 *
 * @example
 * isAutomationCondition(eager()); // true
 * isAutomationCondition({ kind: 'sometimes' }); // false
 */
export function isAutomationCondition(value: unknown): value is AutomationCondition {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  if (typeof c.kind !== 'string' || !KINDS.has(c.kind)) return false;
  switch (c.kind) {
    case 'and':
    case 'or':
      return Array.isArray(c.operands) && c.operands.length > 0 && c.operands.every(isAutomationCondition);
    case 'not':
    case 'newlyTrue':
      return isAutomationCondition(c.operand);
    case 'since':
      return isAutomationCondition(c.trigger) && isAutomationCondition(c.reset);
    case 'cronTickPassed':
    case 'allDepsUpdatedSince':
      return typeof c.cron === 'string' && typeof c.timezone === 'string';
    default:
      return true;
  }
}

function cronNode<K extends 'cronTickPassed' | 'allDepsUpdatedSince'>(kind: K, cron: string, timezone = 'UTC') {
  assertCron(cron, timezone, `AutomationCondition.${kind}()`);
  return node({ kind, cron, timezone } as Extract<AutomationCondition, { kind: K }>);
}

/**
 * Operands and combinators of automation conditions (Dagster's `AutomationCondition`), as frozen plain nodes.
 *
 * @example
 * const cond = AutomationCondition.and(
 *   AutomationCondition.missing(),
 *   AutomationCondition.not(AutomationCondition.anyDepsMissing()),
 * );
 * JSON.stringify(cond); // '{"kind":"and","operands":[{"kind":"missing"},{"kind":"not","operand":{"kind":"anyDepsMissing"}}]}'
 */
export const AutomationCondition = Object.freeze({
  missing: () => node({ kind: 'missing' as const }),
  inProgress: () => node({ kind: 'inProgress' as const }),
  failed: () => node({ kind: 'failed' as const }),
  newlyUpdated: () => node({ kind: 'newlyUpdated' as const }),
  newlyRequested: () => node({ kind: 'newlyRequested' as const }),
  codeVersionChanged: () => node({ kind: 'codeVersionChanged' as const }),
  inLatestTimeWindow: () => node({ kind: 'inLatestTimeWindow' as const }),
  anyDepsUpdated: () => node({ kind: 'anyDepsUpdated' as const }),
  anyDepsMissing: () => node({ kind: 'anyDepsMissing' as const }),
  anyDepsInProgress: () => node({ kind: 'anyDepsInProgress' as const }),
  cronTickPassed: (cron: string, timezone?: string) => cronNode('cronTickPassed', cron, timezone),
  allDepsUpdatedSince: (cron: string, timezone?: string) => cronNode('allDepsUpdatedSince', cron, timezone),
  and: (...operands: AutomationCondition[]): AutomationCondition => {
    if (operands.length === 0) throw new BatonError('INVALID_DEFINITION', 'AutomationCondition.and() needs at least one operand', { hint: 'e.g. and(missing(), not(anyDepsMissing()))' });
    return node({ kind: 'and', operands: Object.freeze(operands.map((o, i) => checked(o, `and() operand ${i}`))) });
  },
  or: (...operands: AutomationCondition[]): AutomationCondition => {
    if (operands.length === 0) throw new BatonError('INVALID_DEFINITION', 'AutomationCondition.or() needs at least one operand', { hint: 'e.g. or(missing(), codeVersionChanged())' });
    return node({ kind: 'or', operands: Object.freeze(operands.map((o, i) => checked(o, `or() operand ${i}`))) });
  },
  not: (operand: AutomationCondition): AutomationCondition => node({ kind: 'not', operand: checked(operand, 'not() operand') }),
  since: (trigger: AutomationCondition, reset: AutomationCondition): AutomationCondition =>
    node({ kind: 'since', trigger: checked(trigger, 'since() trigger'), reset: checked(reset, 'since() reset') }),
  newlyTrue: (operand: AutomationCondition): AutomationCondition => node({ kind: 'newlyTrue', operand: checked(operand, 'newlyTrue() operand') }),
  /** Reset of the `since` in the built-ins: requested or materialized on the previous tick. */
  handled: (): AutomationCondition => AutomationCondition.or(AutomationCondition.newlyRequested(), AutomationCondition.newlyUpdated()),
});

const A = AutomationCondition;

/**
 * Materialize the latest partition whenever an upstream it reads is updated (or it newly becomes
 * missing), once no upstream is missing or in progress and it is not in progress itself. A failed
 * attempt is not retried until an upstream updates again.
 *
 * @example
 * asset({ key: 'clean/orders', ins: { raw: rawOrders }, automation: eager(), compute: ... });
 */
export function eager(): AutomationCondition {
  return node({
    kind: 'and',
    label: 'eager',
    operands: Object.freeze([
      A.inLatestTimeWindow(),
      node({ kind: 'since', label: 'updated since last handled', trigger: A.or(A.newlyTrue(A.missing()), A.anyDepsUpdated()), reset: A.handled() }),
      A.not(A.anyDepsMissing()),
      A.not(A.anyDepsInProgress()),
      A.not(A.inProgress()),
    ]),
  });
}

/**
 * Materialize the latest partition once per tick of `cron`, after every upstream it reads has been
 * updated since that tick.
 *
 * @example
 * asset({ key: 'marts/daily_revenue', deps: [orders], automation: onCron('0 9 * * *', 'Europe/Berlin'), compute: ... });
 */
export function onCron(cron: string, timezone = 'UTC'): AutomationCondition {
  return node({
    kind: 'and',
    label: `onCron(${cron}, ${timezone})`,
    operands: Object.freeze([
      A.inLatestTimeWindow(),
      node({ kind: 'since', label: 'cron tick since last handled', trigger: A.cronTickPassed(cron, timezone), reset: A.handled() }),
      A.allDepsUpdatedSince(cron, timezone),
      A.not(A.inProgress()),
    ]),
  });
}

/**
 * Materialize the latest partition when it is missing and no upstream it reads is missing or in
 * progress; requested once (a failed attempt is not retried automatically).
 *
 * @example
 * asset({ key: 'dim/countries', automation: onMissing(), compute: ... });
 */
export function onMissing(): AutomationCondition {
  return node({
    kind: 'and',
    label: 'onMissing',
    operands: Object.freeze([
      A.inLatestTimeWindow(),
      node({ kind: 'since', label: 'missing since last handled', trigger: A.newlyTrue(A.missing()), reset: A.handled() }),
      A.missing(),
      A.not(A.anyDepsMissing()),
      A.not(A.anyDepsInProgress()),
      A.not(A.inProgress()),
    ]),
  });
}
