import type { SelectionNode, TraversalDepth } from './selection-ast';

const PLAIN = /^[A-Za-z0-9_./@-]+$/;
const PLAIN_KEY = /^[A-Za-z0-9_./@*-]+$/;
const RESERVED = new Set(['and', 'or', 'not']);

const quote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const formatValue = (value: string, allowStar = false) =>
  (allowStar ? PLAIN_KEY : PLAIN).test(value) && !RESERVED.has(value.toLowerCase()) && value !== '*' ? value : quote(value);

// Binding strength: or 1, and 2, not 3, traversal 4, atoms 5.
const strength = (node: SelectionNode): number => {
  switch (node.kind) {
    case 'OrNode':
      return 1;
    case 'AndNode':
      return 2;
    case 'NotNode':
      return 3;
    case 'TraversalNode':
      return 4;
    default:
      return 5;
  }
};

const up = (d: TraversalDepth | undefined) => (d === undefined ? '' : d === 'all' ? '+' : `${d}+`);
const down = (d: TraversalDepth | undefined) => (d === undefined ? '' : d === 'all' ? '+' : `+${d}`);

/**
 * Prints an AST in the text syntax, with only the parentheses precedence needs;
 * `parseSelection(formatSelection(ast))` gives back an equal AST.
 *
 * @example
 * formatSelection(parseSelection('(+key:"raw/users")  AND  not group:"staging"')); // '+key:raw/users and not group:staging'
 */
export function formatSelection(node: SelectionNode): string {
  const wrap = (child: SelectionNode, min: number) => (strength(child) < min ? `(${formatSelection(child)})` : formatSelection(child));
  switch (node.kind) {
    case 'AllNode':
      return '*';
    case 'KeyNode':
      return `key:${formatValue(node.pattern, true)}`;
    case 'TagNode':
      return `tag:${formatValue(node.key)}${node.value === undefined ? '' : `=${formatValue(node.value)}`}`;
    case 'AttributeNode':
      return `${node.attribute}:${formatValue(node.value)}`;
    case 'IsNode':
      return `is:${node.flag}`;
    case 'TraversalNode':
      return `${up(node.up)}${wrap(node.operand, 5)}${down(node.down)}`;
    case 'FunctionNode':
      return `${node.name}(${formatSelection(node.operand)})`;
    case 'NotNode':
      return `not ${wrap(node.operand, 3)}`;
    case 'AndNode':
      return `${wrap(node.left, 2)} and ${wrap(node.right, 3)}`;
    case 'OrNode':
      return `${wrap(node.left, 1)} or ${wrap(node.right, 2)}`;
  }
}
