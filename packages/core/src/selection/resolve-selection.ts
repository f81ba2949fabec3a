import { BatonError } from '../errors/baton-error';
import type { AssetGraph } from '../graph/asset-graph';
import { reach, type Csr } from '../graph/csr';
import type { Definitions } from '../graph/definitions';
import { didYouMean } from '../internal/did-you-mean';
import { parseSelection } from './parse-selection';
import type { SelectionNode, TraversalDepth } from './selection-ast';

/** What a selection resolves against: a graph, or definitions (their graph). */
export type SelectionTarget = AssetGraph | Pick<Definitions, 'graph'>;

const graphOf = (target: SelectionTarget): AssetGraph => ('graph' in target ? target.graph : target);

const globToRegExp = (pattern: string) => new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&')).join('.*')}$`);

const depthOf = (d: TraversalDepth) => (d === 'all' ? Infinity : d);

/**
 * The selection as a membership mask over the graph's indices (`mask[graph.indexOf(key)] === 1`).
 * Every operator is O(V + E) over integer arrays.
 */
export function resolveSelectionMask(selection: SelectionNode | string, target: SelectionTarget): Uint8Array {
  const graph = graphOf(target);
  const ast = typeof selection === 'string' ? parseSelection(selection) : selection;
  const n = graph.size;
  const filter = (test: (i: number) => boolean): Uint8Array => {
    const mask = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (test(i)) mask[i] = 1;
    return mask;
  };
  const within = (csr: Csr, mask: Uint8Array): Uint8Array =>
    filter((i) => {
      if (!mask[i]) return false;
      for (let k = csr.offsets[i]!; k < csr.offsets[i + 1]!; k++) if (mask[csr.targets[k]!]) return false;
      return true;
    });

  const visit = (node: SelectionNode): Uint8Array => {
    switch (node.kind) {
      case 'AllNode':
        return new Uint8Array(n).fill(1);
      case 'KeyNode': {
        if (!node.pattern.includes('*')) {
          const i = graph.indexOf(node.pattern);
          if (i === -1) {
            const guess = didYouMean(node.pattern, graph.keys);
            throw new BatonError('ASSET_NOT_FOUND', `Selection names asset "${node.pattern}", which is not defined`, {
              hint: guess ? `did you mean "${guess}"?` : `use a wildcard such as key:"${node.pattern}*" to match by prefix`,
              details: { assetKey: node.pattern, suggestion: guess },
            });
          }
          const mask = new Uint8Array(n);
          mask[i] = 1;
          return mask;
        }
        const re = globToRegExp(node.pattern);
        return filter((i) => re.test(graph.keys[i]!));
      }
      case 'TagNode':
        return filter((i) => {
          const v = graph.nodeAt(i).tags?.[node.key];
          return v !== undefined && (node.value === undefined || v === node.value);
        });
      case 'AttributeNode':
        if (node.attribute === 'group') return filter((i) => (graph.nodeAt(i).group ?? 'default') === node.value);
        if (node.attribute === 'owner') return filter((i) => graph.nodeAt(i).owners?.includes(node.value) === true);
        return filter((i) => graph.nodeAt(i).kinds?.includes(node.value) === true);
      case 'TraversalNode': {
        const base = visit(node.operand);
        const starts: number[] = [];
        for (let i = 0; i < n; i++) if (base[i]) starts.push(i);
        const out = base.slice();
        if (node.up !== undefined) reach(graph.parentCsr, starts, depthOf(node.up), out);
        if (node.down !== undefined) {
          const downMarks = reach(graph.childCsr, starts, depthOf(node.down), base.slice()).marks;
          for (let i = 0; i < n; i++) out[i]! |= downMarks[i]!;
        }
        return out;
      }
      case 'FunctionNode':
        return within(node.name === 'roots' ? graph.parentCsr : graph.childCsr, visit(node.operand));
      case 'NotNode': {
        const mask = visit(node.operand);
        for (let i = 0; i < n; i++) mask[i] = mask[i]! ^ 1;
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

/**
 * The keys a selection (text or AST) selects, in the graph's key order. Exact keys that do not
 * exist throw ASSET_NOT_FOUND with a did-you-mean hint; wildcards matching nothing select nothing.
 *
 * @example
 * resolveSelection('+key:"marts/*" and not group:staging', defs); // ['clean/users', 'marts/top_users', ...]
 */
export function resolveSelection(selection: SelectionNode | string, target: SelectionTarget): string[] {
  const graph = graphOf(target);
  const mask = resolveSelectionMask(selection, graph);
  const keys: string[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i]) keys.push(graph.keys[i]!);
  return keys;
}
