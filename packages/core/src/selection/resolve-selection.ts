import { BatonError } from '../errors/baton-error';
import type { AssetGraph } from '../graph/asset-graph';
import { reach, type Csr } from '../graph/csr';
import type { Definitions } from '../graph/definitions';
import { didYouMean } from '../internal/did-you-mean';
import { parseSelection } from './parse-selection';
import type { FunctionNode, IsNode, SelectionNode, TraversalDepth } from './selection-ast';

/** What a selection resolves against: a graph, or definitions (their graph). */
export type SelectionTarget = AssetGraph | Pick<Definitions, 'graph'>;

const graphOf = (target: SelectionTarget): AssetGraph => ('graph' in target ? target.graph : target);

const globToRegExp = (pattern: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&')).join('.*')}$`);

const depthOf = (d: TraversalDepth) => (d === 'all' ? Infinity : d);

export interface ResolveSelectionOptions {
  /**
   * Let `*`, attributes, key wildcards, `not` and traversals select source assets too (Dagster's
   * `include_sources=True`): for commands that act on sources, such as `baton observe`. Default false.
   */
  readonly includeSources?: boolean;
}

/**
 * The selection as a membership mask over the graph's indices (`mask[graph.indexOf(key)] === 1`).
 * Every operator is O(V + E) over integer arrays.
 *
 * Source assets (cannot be materialized) enter a selection only when asked for: by exact key,
 * `is:source` / `is:observable`, or `sources(x)`. `*`, attributes, key wildcards, `not` and the
 * layers a traversal adds hold materializable assets only (Dagster's `include_sources=False`),
 * unless `options.includeSources` is set.
 */
export function resolveSelectionMask(selection: SelectionNode | string, target: SelectionTarget, options: ResolveSelectionOptions = {}): Uint8Array {
  const graph = graphOf(target);
  const ast = typeof selection === 'string' ? parseSelection(selection) : selection;
  const n = graph.size;
  const filter = (test: (i: number) => boolean): Uint8Array => {
    const mask = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (test(i)) mask[i] = 1;
    return mask;
  };
  const isSource = filter((i) => graph.nodeAt(i).role === 'source');
  /** Members passing `test` that a broad clause may select: materializable ones, or any with `includeSources`. */
  const broad = options.includeSources ? new Uint8Array(n) : isSource;
  const materializable = (test: (i: number) => boolean) => filter((i) => !broad[i] && test(i));
  /** Members of `mask` with no member of `mask` reachable through `csr` (at any depth). */
  const unreached = (csr: Csr, mask: Uint8Array): Uint8Array => {
    const starts: number[] = [];
    for (let i = 0; i < n; i++) if (mask[i]) starts.push(i);
    const { marks } = reach(csr, starts);
    return filter((i) => mask[i] === 1 && marks[i] === 0);
  };
  const flag = (node: IsNode): Uint8Array => {
    switch (node.flag) {
      case 'source':
        return isSource;
      case 'observable':
        return filter((i) => isSource[i] === 1 && graph.nodeAt(i).observe !== undefined);
      case 'materializable':
        return filter((i) => isSource[i] === 0);
      case 'partitioned':
        return materializable((i) => {
          const kind = graph.nodeAt(i).partitions?.kind;
          return kind !== undefined && kind !== 'unpartitioned';
        });
    }
  };
  const apply = (node: FunctionNode, operand: Uint8Array): Uint8Array => {
    switch (node.name) {
      case 'roots':
        return unreached(graph.childCsr, operand);
      case 'sinks':
        return unreached(graph.parentCsr, operand);
      case 'sources': {
        const starts: number[] = [];
        for (let i = 0; i < n; i++) if (operand[i]) starts.push(i);
        const { marks } = reach(graph.parentCsr, starts, Infinity, operand.slice());
        return filter((i) => marks[i] === 1 && isSource[i] === 1);
      }
      case 'siblings': {
        const ids = new Set<string>();
        for (let i = 0; i < n; i++) {
          const id = operand[i] ? graph.nodeAt(i).multi?.id : undefined;
          if (id !== undefined) ids.add(id);
        }
        return filter((i) => operand[i] === 1 || ids.has(graph.nodeAt(i).multi?.id ?? '\u0000'));
      }
    }
  };

  const visit = (node: SelectionNode): Uint8Array => {
    switch (node.kind) {
      case 'AllNode':
        return materializable(() => true);
      case 'KeyNode': {
        if (!node.pattern.includes('*')) {
          const i = graph.indexOf(node.pattern);
          if (i === -1) throw assetNotFound(node.pattern, graph.keys);
          const mask = new Uint8Array(n);
          mask[i] = 1;
          return mask;
        }
        const re = globToRegExp(node.pattern);
        return materializable((i) => re.test(graph.keys[i]!));
      }
      case 'TagNode':
        return materializable((i) => {
          const v = graph.nodeAt(i).tags?.[node.key];
          return v !== undefined && (node.value === undefined || v === node.value);
        });
      case 'AttributeNode':
        if (node.attribute === 'group') return materializable((i) => (graph.nodeAt(i).group ?? 'default') === node.value);
        if (node.attribute === 'owner') return materializable((i) => graph.nodeAt(i).owners?.includes(node.value) === true);
        return materializable((i) => graph.nodeAt(i).kinds?.includes(node.value) === true);
      case 'IsNode':
        return flag(node);
      case 'TraversalNode': {
        const base = visit(node.operand);
        const starts: number[] = [];
        for (let i = 0; i < n; i++) if (base[i]) starts.push(i);
        const added = new Uint8Array(n);
        if (node.up !== undefined) reach(graph.parentCsr, starts, depthOf(node.up), added);
        if (node.down !== undefined) reach(graph.childCsr, starts, depthOf(node.down), added);
        // the layers a traversal adds hold materializable assets only (Dagster leaves sources out of upstream())
        return filter((i) => base[i] === 1 || (added[i] === 1 && broad[i] === 0));
      }
      case 'FunctionNode':
        return apply(node, visit(node.operand));
      case 'NotNode': {
        // the complement among materializable assets: `not x` never brings sources in
        const mask = visit(node.operand);
        for (let i = 0; i < n; i++) mask[i] = mask[i]! === 0 && broad[i] === 0 ? 1 : 0;
        return mask;
      }
      case 'AndNode': {
        const left = visit(node.left);
        const right = visit(node.right);
        for (let i = 0; i < n; i++) left[i]! &= right[i]!;
        return left;
      }
      case 'OrNode': {
        const left = visit(node.left);
        const right = visit(node.right);
        for (let i = 0; i < n; i++) left[i]! |= right[i]!;
        return left;
      }
    }
  };
  return visit(ast);
}

/** ASSET_NOT_FOUND for an exact key, with a did-you-mean and the wildcard form (stars at a bare key's edges are traversals). */
function assetNotFound(key: string, keys: readonly string[]): BatonError {
  const guess = didYouMean(key, keys);
  const wildcard = `for a wildcard write key:"${key}*" (a "*" at the start or end of a bare key is Dagster's upstream/downstream traversal)`;
  return new BatonError('ASSET_NOT_FOUND', `Selection names asset "${key}", which is not defined`, {
    hint: guess ? `did you mean "${guess}"?` : wildcard,
    details: { assetKey: key, suggestion: guess },
  });
}

/**
 * The keys a selection (text or AST) selects, in the graph's key order. Exact keys that do not
 * exist throw ASSET_NOT_FOUND with a did-you-mean hint; wildcards matching nothing select nothing.
 *
 * @example
 * resolveSelection('+key:"marts/*" and not group:staging', defs); // ['clean/users', 'marts/top_users', ...]
 */
export function resolveSelection(selection: SelectionNode | string, target: SelectionTarget, options: ResolveSelectionOptions = {}): string[] {
  const graph = graphOf(target);
  const mask = resolveSelectionMask(selection, graph, options);
  const keys: string[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) keys.push(graph.keys[i]!);
  return keys;
}
