import { BatonError } from '../errors/baton-error';
import { formatSelection } from './format-selection';
import { parseSelection } from './parse-selection';
import { resolveSelection, type SelectionTarget } from './resolve-selection';
import {
  AllNode,
  AndNode,
  AttributeNode,
  FunctionNode,
  IsNode,
  KeyNode,
  NotNode,
  OrNode,
  TagNode,
  TraversalNode,
  type SelectionNode,
  type SelectionAttribute,
  type SelectionFlag,
} from './selection-ast';

const anyOf = (nodes: SelectionNode[], what: string): SelectionNode => {
  if (nodes.length === 0) {
    throw new BatonError('SELECTION_EMPTY', `AssetSelection.${what}() needs at least one value`, { hint: `e.g. AssetSelection.${what}("raw/users")` });
  }
  return nodes.reduce((left, right) => OrNode.create(left, right));
};

/**
 * An immutable asset selection builder: every method returns a new selection; `toString()` gives the
 * text syntax, `node` the AST. Planner, API and CLI share the same values.
 *
 * @example
 * const sel = AssetSelection.keys('marts/top_users').upstream().minus(AssetSelection.groups('staging'));
 * sel.toString(); // '+key:marts/top_users and not group:staging'
 * sel.resolve(defs); // ['clean/users', 'marts/top_users', 'raw/users']
 */
export class AssetSelection {
  private constructor(readonly node: SelectionNode) {
    Object.freeze(this);
  }

  /** Wraps an AST node. */
  static from(node: SelectionNode): AssetSelection {
    return new AssetSelection(node);
  }
  /** Parses the text syntax (throws SELECTION_SYNTAX_ERROR). */
  static parse(text: string): AssetSelection {
    return new AssetSelection(parseSelection(text));
  }
  /** Every asset (`*`). */
  static all(): AssetSelection {
    return new AssetSelection(AllNode.create());
  }
  /** Assets by key; `*` in a key is a wildcard. */
  static keys(...keys: string[]): AssetSelection {
    return new AssetSelection(anyOf(keys.map(KeyNode.create), 'keys'));
  }
  static groups(...groups: string[]): AssetSelection {
    return new AssetSelection(anyOf(groups.map((g) => AttributeNode.create('group', g)), 'groups'));
  }
  static owners(...owners: string[]): AssetSelection {
    return new AssetSelection(anyOf(owners.map((o) => AttributeNode.create('owner', o)), 'owners'));
  }
  static kinds(...kinds: string[]): AssetSelection {
    return new AssetSelection(anyOf(kinds.map((k) => AttributeNode.create('kind', k)), 'kinds'));
  }
  /** Assets with tag `key` (and, when given, `value`). */
  static tag(key: string, value?: string): AssetSelection {
    return new AssetSelection(TagNode.create(key, value));
  }
  /** `is:source`, `is:observable`, `is:materializable` or `is:partitioned`. */
  static is(flag: SelectionFlag): AssetSelection {
    return new AssetSelection(IsNode.create(flag));
  }

  /** This selection plus its upstream assets, `depth` layers (default: all). */
  upstream(depth?: number): AssetSelection {
    return new AssetSelection(TraversalNode.create(this.node, depth ?? 'all', undefined));
  }
  /** This selection plus its downstream assets, `depth` layers (default: all). */
  downstream(depth?: number): AssetSelection {
    return new AssetSelection(TraversalNode.create(this.node, undefined, depth ?? 'all'));
  }
  and(other: AssetSelection): AssetSelection {
    return new AssetSelection(AndNode.create(this.node, other.node));
  }
  or(other: AssetSelection): AssetSelection {
    return new AssetSelection(OrNode.create(this.node, other.node));
  }
  minus(other: AssetSelection): AssetSelection {
    return new AssetSelection(AndNode.create(this.node, NotNode.create(other.node)));
  }
  /** Members with no ancestor in this selection, at any depth (`roots(x)`). */
  roots(): AssetSelection {
    return new AssetSelection(FunctionNode.create('roots', this.node));
  }
  /** Members with no descendant in this selection, at any depth (`sinks(x)`). */
  sinks(): AssetSelection {
    return new AssetSelection(FunctionNode.create('sinks', this.node));
  }
  /** The source assets upstream of this selection (`sources(x)`; Dagster's `upstream_source_assets()`). */
  upstreamSourceAssets(): AssetSelection {
    return new AssetSelection(FunctionNode.create('sources', this.node));
  }
  /** This selection plus the other outputs of its multi-assets, which run in one call (`siblings(x)`). */
  requiredMultiAssetNeighbors(): AssetSelection {
    return new AssetSelection(FunctionNode.create('siblings', this.node));
  }
  /** The materializable members of this selection (`x and is:materializable`). */
  materializable(): AssetSelection {
    return new AssetSelection(AndNode.create(this.node, IsNode.create('materializable')));
  }
  /** The selected keys, in the graph's key order. */
  resolve(target: SelectionTarget): string[] {
    return resolveSelection(this.node, target);
  }
  toString(): string {
    return formatSelection(this.node);
  }
  toJSON(): SelectionNode {
    return this.node;
  }
}
