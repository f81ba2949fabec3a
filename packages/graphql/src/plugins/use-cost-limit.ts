import { GraphQLError, Kind, getOperationAST, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode, type ValueNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const LIST_ARGS = new Set(['first', 'limit']);

function argNumber(value: ValueNode, variables: Record<string, unknown>): number | undefined {
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' ? v : undefined;
  }
  return undefined;
}

/**
 * Cost of an operation: every field costs 1 times the product of the page sizes (`first` / `limit`)
 * of the list fields above it, so `runs(first: 1000) { steps { … } }` costs what it fetches.
 */
export function operationCost(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> = {}): number {
  const op = getOperationAST(document, operationName);
  if (!op) return 0;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const cost = (set: SelectionSetNode | undefined, multiplier: number, seen: Set<string>): number => {
    if (!set) return 0;
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        let factor = 1;
        for (const arg of sel.arguments ?? []) {
          if (LIST_ARGS.has(arg.name.value)) factor = Math.max(1, argNumber(arg.value, variables) ?? 1);
        }
        total += multiplier + cost(sel.selectionSet, multiplier * factor, seen);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        total += cost(sel.selectionSet, multiplier, seen);
      } else {
        const name = sel.name.value;
        const fragment = fragments[name];
        if (!fragment || seen.has(name)) continue;
        seen.add(name);
        total += cost(fragment.selectionSet, multiplier, seen);
        seen.delete(name);
      }
    }
    return total;
  };
  return cost(op.selectionSet, 1, new Set());
}

/**
 * Refuses operations whose cost (see `operationCost`) exceeds `maxCost`, before any resolver runs.
 *
 * @example
 * createYoga({ plugins: [useCostLimit(20_000)] });
 */
export function useCostLimit(maxCost: number): Plugin {
  // documents come from Yoga's parse cache, so the cost of a document without variables is computed once
  const constant = new WeakMap<DocumentNode, Map<string, number>>();
  const check = (document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined) => {
    const vars = variables && Object.keys(variables).length > 0 ? variables : undefined;
    let byOp = constant.get(document);
    let cost = vars ? undefined : byOp?.get(operationName ?? '');
    if (cost === undefined) {
      cost = operationCost(document, operationName, vars ?? {});
      if (!vars) {
        if (!byOp) constant.set(document, (byOp = new Map()));
        byOp.set(operationName ?? '', cost);
      }
    }
    if (cost <= maxCost) return undefined;
    return new GraphQLError(`Query cost ${cost} exceeds the limit of ${maxCost}`, {
      extensions: { code: 'INPUT_INVALID', limit: { kind: 'cost', max: maxCost, actual: cost }, hint: 'ask for smaller pages (first/limit) or fewer nested lists', http: { status: 400 } },
    });
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(args.document, args.operationName, args.variableValues as Record<string, unknown> | undefined);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = check(args.document, args.operationName, args.variableValues as Record<string, unknown> | undefined);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
