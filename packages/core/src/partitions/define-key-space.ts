import { BatonError } from '../errors/baton-error';
import { createPartitionSubset, subsetFromNormalRanges } from './create-partition-subset';
import type { IndexRange, PartitionSubset } from './partition-subset';
import type { PartitionContext, PartitionsDefinition, PartitionsKind, PartitionsSpec } from './partitions-definition';
import { rangesFromIndices } from './range-builder';

/** The minimal description of a key space; `defineKeySpace` derives the rest of the definition. */
export interface KeySpace {
  readonly kind: PartitionsKind;
  readonly spec: Omit<PartitionsSpec, 'id'>;
  count(ctx?: PartitionContext): number;
  keyAt(index: number, ctx?: PartitionContext): string;
  indexOf(key: string, ctx?: PartitionContext): number;
  /** The error for a key that `indexOf` rejected: what was wrong and, where possible, the nearest key. */
  invalidKey(key: string, ctx?: PartitionContext): BatonError;
  /** Faster bulk listing, when the space has one. */
  keys?(ctx: PartitionContext | undefined, start: number, end: number): string[];
}

/** Canonical JSON (sorted object keys) so equal specs give equal ids. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Builds a full PartitionsDefinition (subsets, ranges, validation) from a key space. */
export function defineKeySpace(space: KeySpace): PartitionsDefinition;
export function defineKeySpace<E extends object>(space: KeySpace, extras: (definition: PartitionsDefinition) => E): PartitionsDefinition & E;
export function defineKeySpace(space: KeySpace, extras?: (definition: PartitionsDefinition) => object): PartitionsDefinition {
  const id = canonicalJson(space.spec);
  const spec = Object.freeze({ ...space.spec, id }) as PartitionsSpec;
  const definition: PartitionsDefinition = {
    kind: space.kind,
    id,
    count: (ctx) => space.count(ctx),
    keyAt(index, ctx) {
      const count = space.count(ctx);
      if (!Number.isInteger(index) || index < 0 || index >= count) {
        throw new BatonError('PARTITION_KEY_INVALID', `Partition index ${index} is out of range: ${describeCount(count)}`, {
          details: { index, count },
        });
      }
      return space.keyAt(index, ctx);
    },
    indexOf: (key, ctx) => space.indexOf(key, ctx),
    validateKey(key, ctx) {
      const index = space.indexOf(key, ctx);
      if (index < 0) throw space.invalidKey(key, ctx);
      return index;
    },
    keys(ctx, startIndex = 0, endIndex) {
      const count = space.count(ctx);
      const s = Math.max(0, startIndex);
      const e = Math.min(count, endIndex ?? count);
      if (e <= s) return [];
      if (space.keys) return space.keys(ctx, s, e);
      const out = new Array<string>(e - s);
      for (let i = s; i < e; i++) out[i - s] = space.keyAt(i, ctx);
      return out;
    },
    all: (ctx) => createPartitionSubset(definition, [[0, space.count(ctx)]], ctx),
    empty: () => createPartitionSubset(definition, []),
    range(startKey, endKey, ctx) {
      const a = definition.validateKey(startKey, ctx);
      const b = definition.validateKey(endKey, ctx);
      if (b < a) {
        throw new BatonError('PARTITION_RANGE_INVALID', `Partition range "${startKey}"…"${endKey}" is invalid: the end comes before the start`, {
          hint: `swap them: "${endKey}"…"${startKey}"`,
          details: { startKey, endKey },
        });
      }
      return createPartitionSubset(definition, [[a, b + 1]], ctx);
    },
    subset(keys, ctx): PartitionSubset {
      if (Array.isArray(keys) && keys.length === 1) {
        const i = definition.validateKey(keys[0] as string, ctx);
        return subsetFromNormalRanges(definition, [[i, i + 1]], ctx);
      }
      const indices: number[] = [];
      for (const key of keys) indices.push(definition.validateKey(key, ctx));
      return createPartitionSubset(definition, rangesFromIndices(indices), ctx);
    },
    toJSON: () => spec,
  };
  // extras are attached to the same object, so subsets point at the full definition
  if (extras) Object.assign(definition, extras(definition));
  return definition;
}

function describeCount(count: number): string {
  return count === 0 ? 'there are no partitions' : `valid indices are 0..${count - 1}`;
}

/** Subset helper for callers holding ranges. */
export function subsetOf(definition: PartitionsDefinition, ranges: readonly IndexRange[], ctx?: PartitionContext): PartitionSubset {
  return createPartitionSubset(definition, ranges, ctx);
}
