/**
 * The selection AST: frozen trees of `kind`-tagged plain nodes (JSON-serialisable), each node type
 * with a companion `create`/`is`, as Kysely's operation nodes.
 */

/** How many layers a traversal walks: a number, or 'all'. */
export type TraversalDepth = number | 'all';

/** `*`: every asset. */
export interface AllNode {
  readonly kind: 'AllNode';
}
/** `key:"raw/*"` or a bare key; `*` in the pattern matches any characters. */
export interface KeyNode {
  readonly kind: 'KeyNode';
  readonly pattern: string;
}
/** `tag:pii` (has the tag) or `tag:team=data` (has it with that value). */
export interface TagNode {
  readonly kind: 'TagNode';
  readonly key: string;
  readonly value: string | undefined;
}
/** The single-valued attributes. */
export type SelectionAttribute = 'group' | 'owner' | 'kind';
/** `group:x`, `owner:x`, `kind:x`. */
export interface AttributeNode {
  readonly kind: 'AttributeNode';
  readonly attribute: SelectionAttribute;
  readonly value: string;
}
/** What `is:` tests: a source asset, an observable source, a materializable asset, a partitioned asset. */
export type SelectionFlag = 'source' | 'observable' | 'materializable' | 'partitioned';
/** `is:source`, `is:observable`, `is:materializable`, `is:partitioned`. */
export interface IsNode {
  readonly kind: 'IsNode';
  readonly flag: SelectionFlag;
}
/** `+x`, `2+x`, `x+`, `x+1`, `+x+`: the operand plus its upstream and/or downstream layers. */
export interface TraversalNode {
  readonly kind: 'TraversalNode';
  readonly operand: SelectionNode;
  readonly up: TraversalDepth | undefined;
  readonly down: TraversalDepth | undefined;
}
/**
 * `roots(expr)` / `sinks(expr)`: the members of expr with no ancestor / descendant in expr (at any depth);
 * `sources(expr)`: the source assets upstream of expr; `siblings(expr)`: expr plus the other outputs of
 * its multi-assets (they run in one call).
 */
export type SelectionFunction = 'roots' | 'sinks' | 'sources' | 'siblings';
export interface FunctionNode {
  readonly kind: 'FunctionNode';
  readonly name: SelectionFunction;
  readonly operand: SelectionNode;
}
export interface NotNode {
  readonly kind: 'NotNode';
  readonly operand: SelectionNode;
}
export interface AndNode {
  readonly kind: 'AndNode';
  readonly left: SelectionNode;
  readonly right: SelectionNode;
}
export interface OrNode {
  readonly kind: 'OrNode';
  readonly left: SelectionNode;
  readonly right: SelectionNode;
}

export type SelectionNode = AllNode | KeyNode | TagNode | AttributeNode | IsNode | TraversalNode | FunctionNode | NotNode | AndNode | OrNode;

const isKind =
  <N extends SelectionNode>(kind: N['kind']) =>
  (value: unknown): value is N =>
    typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === kind;

export const AllNode = Object.freeze({
  create: (): AllNode => Object.freeze({ kind: 'AllNode' }),
  is: isKind<AllNode>('AllNode'),
});
export const KeyNode = Object.freeze({
  create: (pattern: string): KeyNode => Object.freeze({ kind: 'KeyNode', pattern }),
  is: isKind<KeyNode>('KeyNode'),
});
export const TagNode = Object.freeze({
  create: (key: string, value?: string): TagNode => Object.freeze({ kind: 'TagNode', key, value }),
  is: isKind<TagNode>('TagNode'),
});
export const AttributeNode = Object.freeze({
  create: (attribute: SelectionAttribute, value: string): AttributeNode => Object.freeze({ kind: 'AttributeNode', attribute, value }),
  is: isKind<AttributeNode>('AttributeNode'),
});
export const IsNode = Object.freeze({
  create: (flag: SelectionFlag): IsNode => Object.freeze({ kind: 'IsNode', flag }),
  is: isKind<IsNode>('IsNode'),
});
export const TraversalNode = Object.freeze({
  create: (operand: SelectionNode, up: TraversalDepth | undefined, down: TraversalDepth | undefined): TraversalNode =>
    Object.freeze({ kind: 'TraversalNode', operand, up, down }),
  is: isKind<TraversalNode>('TraversalNode'),
});
export const FunctionNode = Object.freeze({
  create: (name: SelectionFunction, operand: SelectionNode): FunctionNode => Object.freeze({ kind: 'FunctionNode', name, operand }),
  is: isKind<FunctionNode>('FunctionNode'),
});
export const NotNode = Object.freeze({
  create: (operand: SelectionNode): NotNode => Object.freeze({ kind: 'NotNode', operand }),
  is: isKind<NotNode>('NotNode'),
});
export const AndNode = Object.freeze({
  create: (left: SelectionNode, right: SelectionNode): AndNode => Object.freeze({ kind: 'AndNode', left, right }),
  is: isKind<AndNode>('AndNode'),
});
export const OrNode = Object.freeze({
  create: (left: SelectionNode, right: SelectionNode): OrNode => Object.freeze({ kind: 'OrNode', left, right }),
  is: isKind<OrNode>('OrNode'),
});

const KINDS = new Set(['AllNode', 'KeyNode', 'TagNode', 'AttributeNode', 'IsNode', 'TraversalNode', 'FunctionNode', 'NotNode', 'AndNode', 'OrNode']);
export const SelectionNode = Object.freeze({
  /** True for any selection AST node. */
  is: (value: unknown): value is SelectionNode =>
    typeof value === 'object' && value !== null && KINDS.has((value as { kind?: string }).kind ?? ''),
});
