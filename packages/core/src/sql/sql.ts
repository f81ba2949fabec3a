import type { PartitionMapping } from '../mappings/partition-mapping';
import { BatonError } from '../errors/baton-error';
import type { AssetDefinition } from '../assets/asset-definition';
import { input, type InputSpec } from '../assets/input';

/** A named partition binding of a SQL asset, passed to the engine as a query parameter. */
export interface SqlParameter {
  readonly kind: 'SqlParameter';
  /** 'partitionKey' | 'windowStart' | 'windowEnd' | 'dimension:<name>'. */
  readonly name: string;
}

/** A table a SQL asset reads: an upstream asset, with the partitions its mapping selects. */
export interface SqlRelation {
  readonly assetKey: string;
  readonly mapping: PartitionMapping | undefined;
}

/** One interpolation of the template: a relation (by index into `relations`) or a parameter. */
export type SqlPart = { readonly kind: 'relation'; readonly relation: number } | { readonly kind: 'parameter'; readonly name: string };

/** What `sql` accepts between `${…}`: an upstream that stores rows (definition or `input(...)`), or a partition binding. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SqlInterpolation = AssetDefinition<readonly object[], any, any> | InputSpec<readonly object[]> | SqlParameter;

/** A SQL query whose interpolations are upstream assets and partition bindings — never spliced text. */
export interface SqlQuery {
  readonly kind: 'SqlQuery';
  /** The literal SQL around the interpolations (`strings.length === parts.length + 1`). */
  readonly strings: readonly string[];
  readonly parts: readonly SqlPart[];
  /** The distinct upstream relations, in order of first appearance. */
  readonly relations: readonly SqlRelation[];
}

const param = (name: string): SqlParameter => Object.freeze({ kind: 'SqlParameter', name });

/**
 * Tags a SQL query for `sqlAsset`. Each `${upstream}` becomes a relation the engine reads (only the
 * upstream partitions the mapping selects) and an edge of the asset graph; `${sql.partitionKey}`,
 * `${sql.windowStart}`, `${sql.windowEnd}` and `${sql.dimension('region')}` become query parameters.
 * Anything else between `${…}` is refused: values never become SQL text.
 *
 * @example
 * sql`select region, sum(amount) as amount from ${orders} where day = ${sql.partitionKey} group by 1`
 */
export function sql(strings: TemplateStringsArray, ...values: readonly SqlInterpolation[]): SqlQuery {
  const relations: SqlRelation[] = [];
  const parts: SqlPart[] = values.map((value, i) => {
    if (typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'SqlParameter') {
      return { kind: 'parameter', name: (value as SqlParameter).name };
    }
    let relation: SqlRelation | undefined;
    if (input.is(value)) {
      const up = value.upstream;
      relation = { assetKey: typeof up === 'string' ? up : up.key, mapping: value.mapping };
    } else if (typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'AssetDefinition') {
      relation = { assetKey: (value as AssetDefinition).key, mapping: undefined };
    }
    if (!relation) {
      throw new BatonError('INVALID_DEFINITION', `sql\`…\`: interpolation ${i + 1} (${JSON.stringify(value) ?? String(value)}) is neither an asset, an input(...) nor a partition binding`, {
        hint: 'interpolate upstream assets (${orders}) and sql.partitionKey / sql.windowStart / sql.windowEnd / sql.dimension(name); other values cannot be spliced into SQL',
      });
    }
    let index = relations.findIndex((r) => r.assetKey === relation.assetKey && r.mapping === relation.mapping);
    if (index === -1) index = relations.push(relation) - 1;
    return { kind: 'relation', relation: index };
  });
  return Object.freeze({ kind: 'SqlQuery', strings: Object.freeze([...strings]), parts: Object.freeze(parts), relations: Object.freeze(relations) });
}

/** The step's partition key (text). */
sql.partitionKey = param('partitionKey');
/** Start of the partition's time window (timestamptz, inclusive). */
sql.windowStart = param('windowStart');
/** End of the partition's time window (timestamptz, exclusive). */
sql.windowEnd = param('windowEnd');
/** One dimension of a multi-partition key (text), e.g. `sql.dimension('region')`. */
sql.dimension = (name: string): SqlParameter => param(`dimension:${name}`);

/** True for a query made by `sql`. */
sql.is = (value: unknown): value is SqlQuery => typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'SqlQuery';
