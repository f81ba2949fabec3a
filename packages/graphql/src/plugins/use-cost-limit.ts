import {
  GraphQLError,
  Kind,
  getOperationAST,
  valueFromASTUntyped,
  type FieldNode,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

const LIST_ARGS = new Set(['first', 'limit']);

/** What some fields cost beyond 1, and which are limited in number per operation. Fields are named `Type.field`. */
export interface FieldCosts {
  /**
   * Cost of one resolution of a field (default 1), e.g. a plan over the partitions it covers.
   * `args()` gives the field's arguments as sent (variables and their defaults filled in).
   */
  weight?(coordinate: string, args: () => Record<string, unknown>): number | undefined;
  /** Fields (planners, previews) of which an operation may ask at most `maxExpensiveFields`, aliases included. */
  readonly expensive?: ReadonlySet<string>;
}

/** The measure of an operation: its cost and how many expensive fields it resolves (by coordinate). */
export interface OperationMeasure {
  readonly cost: number;
  readonly expensive: ReadonlyMap<string, number>;
  readonly expensiveTotal: number;
}

/**
 * Measures an operation: every field costs its weight (1 unless `costs.weight` says more) times the
 * product of the page sizes (`first` / `limit`) of the list fields above it, so
 * `runs(first: 1000) { steps { … } }` costs what it fetches. A page size comes from the literal, the
 * variable (or the variable's default), or, with `schema`, the argument's default in the schema.
 */
export function measureOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> = {},
  options: { schema?: GraphQLSchema; costs?: FieldCosts } = {},
): OperationMeasure {
  const expensive = new Map<string, number>();
  const op = getOperationAST(document, operationName);
  if (!op) return { cost: 0, expensive, expensiveTotal: 0 };
  const { schema, costs } = options;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  const pageSize = (value: ValueNode | undefined, fallback: unknown): number => {
    let n: unknown = fallback;
    if (value?.kind === Kind.INT) n = Number(value.value);
    else if (value?.kind === Kind.VARIABLE) n = variableValue(op, value.name.value, variables);
    return typeof n === 'number' && Number.isFinite(n) ? Math.max(1, n) : 1;
  };
  const typeNamed = (name: string | undefined, fallback: GraphQLNamedType | undefined) => (name && schema ? (schema.getType(name) ?? undefined) : fallback);
  let expensiveTotal = 0;
  const cost = (set: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined, multiplier: number, seen: Set<string>): number => {
    if (!set) return 0;
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        if (name.startsWith('__')) continue;
        const field = fieldOf(parent, name);
        const coordinate = `${parent?.name ?? '?'}.${name}`;
        let factor = 1;
        for (const argName of LIST_ARGS) {
          const node = sel.arguments?.find((a) => a.name.value === argName);
          const schemaDefault = field?.args.find((a) => a.name === argName)?.defaultValue;
          if (node || schemaDefault !== undefined) factor = pageSize(node?.value, schemaDefault);
        }
        if (costs?.expensive?.has(coordinate)) {
          expensive.set(coordinate, (expensive.get(coordinate) ?? 0) + multiplier);
          expensiveTotal += multiplier;
        }
        const weight = costs?.weight?.(coordinate, () => argumentsOf(sel, op, variables)) ?? 1;
        total += multiplier * weight + cost(sel.selectionSet, field ? namedType(field.type) : undefined, multiplier * factor, seen);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        total += cost(sel.selectionSet, typeNamed(sel.typeCondition?.name.value, parent), multiplier, seen);
      } else {
        const name = sel.name.value;
        const fragment = fragments[name];
        if (!fragment || seen.has(name)) continue;
        seen.add(name);
        total += cost(fragment.selectionSet, typeNamed(fragment.typeCondition.name.value, parent), multiplier, seen);
        seen.delete(name);
      }
    }
    return total;
  };
  const root = schema ? (op.operation === 'mutation' ? schema.getMutationType() : op.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType()) : undefined;
  const total = cost(op.selectionSet, root ?? undefined, 1, new Set());
  return { cost: total, expensive, expensiveTotal };
}

// graphql may be loaded twice (its ESM and CJS builds): types are read by shape, not instanceof (isObjectType)
function fieldOf(parent: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  const fields = parent && 'getFields' in parent ? (parent.getFields() as Record<string, GraphQLField<unknown, unknown>>) : undefined;
  return fields?.[name];
}

function namedType(type: unknown): GraphQLNamedType {
  let t = type as { ofType?: unknown };
  while (t.ofType) t = t.ofType as { ofType?: unknown };
  return t as GraphQLNamedType;
}

/** A field's arguments as values (untyped), with the variables sent or their defaults in the operation. */
function argumentsOf(field: FieldNode, op: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const d of op.variableDefinitions ?? []) {
    const name = d.variable.name.value;
    values[name] = variables[name] !== undefined ? variables[name] : d.defaultValue ? valueFromASTUntyped(d.defaultValue) : undefined;
  }
  return Object.fromEntries((field.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, values)]));
}

/** A variable's value: the one sent, else its default in the operation (`$n: Int = 1000`). */
function variableValue(op: OperationDefinitionNode, name: string, variables: Record<string, unknown>): unknown {
  if (variables[name] !== undefined && variables[name] !== null) return variables[name];
  const fallback = op.variableDefinitions?.find((d) => d.variable.name.value === name)?.defaultValue;
  return fallback?.kind === Kind.INT ? Number(fallback.value) : undefined;
}

/** Cost of an operation (see `measureOperation`). */
export function operationCost(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> = {}, options: { schema?: GraphQLSchema; costs?: FieldCosts } = {}): number {
  return measureOperation(document, operationName, variables, options).cost;
}

export interface CostLimitOptions {
  readonly maxCost: number;
  /** Most expensive fields (see `FieldCosts.expensive`) per operation. Default: unlimited. */
  readonly maxExpensiveFields?: number;
  /** Field weights and expensive fields for a request (return the same object while they hold: results are cached per object). */
  readonly costs?: () => FieldCosts | undefined;
}

const NO_COSTS: FieldCosts = {};

function tooManyExpensive(measure: OperationMeasure, max: number): GraphQLError {
  const which = [...measure.expensive].map(([coordinate, n]) => `${coordinate.slice(coordinate.indexOf('.') + 1)} ×${n}`).join(', ');
  return new GraphQLError(`The operation asks for ${measure.expensiveTotal} plans or previews (${which}); at most ${max} are allowed per request`, {
    extensions: {
      code: 'INPUT_INVALID',
      limit: { kind: 'expensiveFields', max, actual: measure.expensiveTotal },
      hint: 'each plan or preview works over every partition it covers: send one per request (no aliases of the same preview)',
      http: { status: 400 },
    },
  });
}

/**
 * Refuses operations that ask for more than `maxExpensiveFields` expensive fields (aliases
 * included) before validation (which takes long on thousands of aliases), and operations whose
 * cost (see `measureOperation`, variables included) exceeds `maxCost` before any resolver runs.
 *
 * @example
 * createYoga({ plugins: [useCostLimit({ maxCost: 20_000, maxExpensiveFields: 3, costs: () => ({ expensive: new Set(['Query.backfillPreview']) }) })] });
 */
export function useCostLimit(options: CostLimitOptions | number): Plugin {
  const { maxCost, maxExpensiveFields = Number.POSITIVE_INFINITY, costs: costsOf } = typeof options === 'number' ? { maxCost: options } : options;
  // documents come from Yoga's parse cache, so the measure of a document without variables is computed once per FieldCosts
  const constant = new WeakMap<DocumentNode, WeakMap<FieldCosts, Map<string, OperationMeasure>>>();
  // the expensive-field count of a document does not depend on variables: checked once per document and FieldCosts
  const expensiveChecked = new WeakMap<DocumentNode, WeakMap<FieldCosts, GraphQLError | null>>();
  const check = (args: { document: DocumentNode; operationName?: string | null | undefined; variableValues?: unknown; schema: GraphQLSchema }) => {
    const variables = args.variableValues as Record<string, unknown> | null | undefined;
    const vars = variables && Object.keys(variables).length > 0 ? variables : undefined;
    const costs = costsOf?.() ?? NO_COSTS;
    const opKey = args.operationName ?? '';
    let byCosts = constant.get(args.document);
    let measure = vars ? undefined : byCosts?.get(costs)?.get(opKey);
    if (measure === undefined) {
      measure = measureOperation(args.document, args.operationName, vars ?? {}, { schema: args.schema, costs });
      if (!vars) {
        if (!byCosts) constant.set(args.document, (byCosts = new WeakMap()));
        let byOp = byCosts.get(costs);
        if (!byOp) byCosts.set(costs, (byOp = new Map()));
        byOp.set(opKey, measure);
      }
    }
    if (measure.cost <= maxCost) return undefined;
    return new GraphQLError(`Query cost ${measure.cost} exceeds the limit of ${maxCost}`, {
      extensions: { code: 'INPUT_INVALID', limit: { kind: 'cost', max: maxCost, actual: measure.cost }, hint: 'ask for smaller pages (first/limit), fewer nested lists or fewer plans and previews', http: { status: 400 } },
    });
  };
  return {
    onValidate({ params, setResult }) {
      if (!Number.isFinite(maxExpensiveFields)) return;
      const costs = costsOf?.() ?? NO_COSTS;
      if (!costs.expensive?.size) return;
      const document: DocumentNode = params.documentAST;
      let byCosts = expensiveChecked.get(document);
      let error = byCosts?.get(costs);
      if (error === undefined) {
        error = null;
        const fragments = document.definitions.filter((d: DefinitionNode) => d.kind === Kind.FRAGMENT_DEFINITION);
        for (const def of document.definitions) {
          if (def.kind !== Kind.OPERATION_DEFINITION) continue;
          // each operation alone (an anonymous one among several has no name to pick it by)
          const measure = measureOperation({ ...document, definitions: [def, ...fragments] }, undefined, {}, { schema: params.schema, costs });
          if (measure.expensiveTotal > maxExpensiveFields) {
            error = tooManyExpensive(measure, maxExpensiveFields);
            break;
          }
        }
        if (!byCosts) expensiveChecked.set(document, (byCosts = new WeakMap()));
        byCosts.set(costs, error);
      }
      if (error) setResult([error]);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
  };
}
