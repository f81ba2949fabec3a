import { BatonError } from '../errors/baton-error';
import { didYouMean } from '../internal/did-you-mean';
import { createPartitionSubset } from './create-partition-subset';
import { defineKeySpace } from './define-key-space';
import { multiIndexOf, multiKeyAt, type DimensionKeys } from './multi-key-index';
import type { IndexRange, PartitionSubset } from './partition-subset';
import type { PartitionContext, PartitionsDefinition } from './partitions-definition';

export interface PartitionDimension {
  readonly name: string;
  readonly definition: PartitionsDefinition;
}

export interface MultiPartitionsDefinition extends PartitionsDefinition {
  readonly kind: 'multi';
  /** Dimensions sorted by name (Dagster's order); keys join their parts with '|' in this order. */
  readonly dimensions: readonly PartitionDimension[];
  /** The key for one part per dimension; throws PARTITION_KEY_INVALID for a missing or unknown dimension. */
  keyFromParts(parts: Readonly<Record<string, string>>): string;
  /** The parts of a key by dimension name; throws PARTITION_KEY_INVALID when the key has the wrong shape. */
  partsOfKey(key: string): Record<string, string>;
  /**
   * The keys whose part in `dimension` is `value` (Dagster's `get_multipartition_keys_with_dimension_value`),
   * as a subset built from index arithmetic (one range per combination of the dimensions before it), not a
   * scan. Throws PARTITION_KEY_INVALID naming an unknown dimension or a value that is not one of its keys.
   */
  subsetWithDimensionValue(dimension: string, value: string, ctx?: PartitionContext): PartitionSubset;
  /** The keys of `subsetWithDimensionValue`, in key order. */
  keysWithDimensionValue(dimension: string, value: string, ctx?: PartitionContext): string[];
}

/**
 * Partitions over the cartesian product of two or more dimensions (Dagster allows only two).
 * Keys are the parts joined by '|' in dimension-name order; indices are mixed-radix with the
 * first dimension most significant. At most one dimension may be time-window partitioned.
 *
 * @example
 * const p = multiPartitions({ date: dailyPartitions({ start: '2024-01-01' }), region: staticPartitions(['eu', 'us']) });
 * p.keyFromParts({ region: 'us', date: '2024-01-02' }); // '2024-01-02|us'
 */
export function multiPartitions(dimensions: Readonly<Record<string, PartitionsDefinition>>): MultiPartitionsDefinition {
  const names = Object.keys(dimensions).sort();
  if (names.length < 2) {
    throw new BatonError('PARTITIONS_DEFINITION_INVALID', `Multi partitions need at least two dimensions, got ${names.length}`, {
      hint: 'use the single partitions definition directly',
    });
  }
  const dims: PartitionDimension[] = names.map((name) => ({ name, definition: dimensions[name]! }));
  for (const d of dims) {
    if (!/^[A-Za-z0-9_-]+$/.test(d.name)) throw new BatonError('PARTITIONS_DEFINITION_INVALID', `Multi partitions dimension name "${d.name}" is invalid`, { hint: 'use letters, digits, "_" or "-"' });
    if (d.definition.kind === 'multi' || d.definition.kind === 'unpartitioned') {
      throw new BatonError('PARTITIONS_DEFINITION_INVALID', `Multi partitions dimension "${d.name}" is ${d.definition.kind}; dimensions must be static, time-window or dynamic`);
    }
  }
  const timeDims = dims.filter((d) => d.definition.kind === 'time-window');
  if (timeDims.length > 1) {
    throw new BatonError('PARTITIONS_DEFINITION_INVALID', `Multi partitions may have at most one time-window dimension, got ${timeDims.map((d) => `"${d.name}"`).join(' and ')}`);
  }
  const counts = (ctx?: PartitionContext) => dims.map((d) => d.definition.count(ctx));
  const dimensionKeys = (ctx?: PartitionContext): DimensionKeys[] =>
    dims.map((d) => ({ count: d.definition.count(ctx), keyAt: (i) => d.definition.keyAt(i, ctx), indexOf: (key) => d.definition.indexOf(key, ctx) }));
  const split = (key: string): string[] | undefined => {
    const parts = key.split('|');
    return parts.length === dims.length ? parts : undefined;
  };
  const partsOfKey = (key: string): Record<string, string> => {
    const parts = split(key);
    if (!parts) {
      throw new BatonError('PARTITION_KEY_INVALID', `Partition key "${key}" has ${key.split('|').length} part(s); multi partitions (${names.join(' × ')}) keys have ${dims.length} joined by "|"`, {
        hint: `keys look like "${names.map((n) => `<${n}>`).join('|')}"`,
        details: { partitionKey: key },
      });
    }
    return Object.fromEntries(names.map((n, i) => [n, parts[i]!]));
  };
  return defineKeySpace(
    {
      kind: 'multi',
      spec: { kind: 'multi', dimensions: dims.map((d) => ({ name: d.name, partitions: d.definition.toJSON() })) },
      count: (ctx) => counts(ctx).reduce((a, b) => a * b, 1),
      keyAt: (index, ctx) => multiKeyAt(dimensionKeys(ctx), index),
      indexOf: (key, ctx) => multiIndexOf(dimensionKeys(ctx), key),
      keys(ctx, s, e) {
        // each dimension's keys formatted once (when it has no more keys than asked for), not once per combination
        const views: DimensionKeys[] = dimensionKeys(ctx).map((view, k) => {
          if (view.count > e - s) return view;
          const listed = dims[k]!.definition.keys(ctx);
          return { ...view, keyAt: (i) => listed[i]! };
        });
        const out = new Array<string>(e - s);
        for (let i = s; i < e; i++) out[i - s] = multiKeyAt(views, i);
        return out;
      },
      invalidKey(key, ctx) {
        const parts = partsOfKey(key);
        for (const d of dims) {
          const part = parts[d.name]!;
          if (d.definition.indexOf(part, ctx) < 0) {
            try {
              d.definition.validateKey(part, ctx);
            } catch (error) {
              const inner = BatonError.is(error) ? error : undefined;
              return new BatonError('PARTITION_KEY_INVALID', `Partition key "${key}" is invalid in dimension "${d.name}": ${inner?.message ?? String(error)}`, {
                ...(inner?.hint ? { hint: inner.hint } : {}),
                details: { partitionKey: key, dimension: d.name, ...(inner?.details ?? {}) },
              });
            }
          }
        }
        return new BatonError('PARTITION_KEY_INVALID', `Partition key "${key}" is not a key of multi partitions (${names.join(' × ')})`);
      },
    },
    (definition): Omit<MultiPartitionsDefinition, keyof PartitionsDefinition> & { kind: 'multi' } => {
      const subsetWithDimensionValue = (dimension: string, value: string, ctx?: PartitionContext): PartitionSubset => {
        const k = names.indexOf(dimension);
        if (k < 0) throw unknownDimension(dimension);
        const digit = dimensionIndex(dims[k]!, value, ctx);
        const c = counts(ctx);
        const stride = c.slice(k + 1).reduce((a, b) => a * b, 1);
        const outer = c.slice(0, k).reduce((a, b) => a * b, 1);
        const ranges: IndexRange[] = [];
        if (stride > 0) for (let o = 0; o < outer; o++) ranges.push([(o * c[k]! + digit) * stride, (o * c[k]! + digit + 1) * stride]);
        return createPartitionSubset(definition, ranges, ctx);
      };
      return {
      kind: 'multi',
      dimensions: dims,
      partsOfKey,
      subsetWithDimensionValue,
      keysWithDimensionValue: (dimension, value, ctx) => subsetWithDimensionValue(dimension, value, ctx).keys(),
      keyFromParts(parts) {
        for (const name of Object.keys(parts)) {
          if (!names.includes(name)) throw unknownDimension(name);
        }
        return names
          .map((n) => {
            const part = parts[n];
            if (part === undefined) throw new BatonError('PARTITION_KEY_INVALID', `Missing dimension "${n}" for multi partitions (${names.join(' × ')})`, { details: { dimension: n } });
            return part;
          })
          .join('|');
      },
    };
    },
  );

  function unknownDimension(name: string): BatonError {
    const near = didYouMean(name, names);
    return new BatonError('PARTITION_KEY_INVALID', `Unknown dimension "${name}" for multi partitions (${names.join(' × ')})`, {
      hint: near ? `did you mean "${near}"?` : `dimensions are ${names.join(', ')}`,
      details: { dimension: name },
    });
  }
}

/** Index of `value` in one dimension; PARTITION_KEY_INVALID naming the dimension when it is not a key there. */
function dimensionIndex(d: PartitionDimension, value: string, ctx: PartitionContext | undefined): number {
  try {
    return d.definition.validateKey(value, ctx);
  } catch (error) {
    const inner = BatonError.from(error);
    throw new BatonError('PARTITION_KEY_INVALID', `"${value}" is not a key of dimension "${d.name}": ${inner.message}`, {
      ...(inner.hint ? { hint: inner.hint } : {}),
      details: { dimension: d.name, value, ...(inner.details ?? {}) },
    });
  }
}

/** Type guard for multi partitions. */
export function isMultiPartitions(definition: PartitionsDefinition): definition is MultiPartitionsDefinition {
  return definition.kind === 'multi';
}
