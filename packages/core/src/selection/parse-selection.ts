import {
  AllNode,
  AndNode,
  AttributeNode,
  FunctionNode,
  KeyNode,
  NotNode,
  OrNode,
  TagNode,
  TraversalNode,
  type SelectionNode,
  type TraversalDepth,
} from './selection-ast';
import { selectionSyntaxError } from './selection-syntax-error';
import { tokenizeSelection, type SelectionToken } from './tokenize-selection';

/** Attribute names the syntax knows. */
export const SELECTION_ATTRIBUTES = ['key', 'tag', 'group', 'owner', 'kind'] as const;
/** Function names the syntax knows. */
export const SELECTION_FUNCTIONS = ['roots', 'sinks'] as const;

const KEYWORDS = new Set(['and', 'or', 'not']);
const DIGITS = /^[0-9]+$/;
const OPERAND = 'an asset key, an attribute (key:, tag:, group:, owner:, kind:), "*", "not", "(" or roots(…)/sinks(…)';

/**
 * Parses Dagster's asset selection syntax into a frozen AST. Precedence: `not` > `and` > `or`;
 * traversals (`+x`, `2+x`, `x+`, `x+1`, `+x+`) bind to an attribute, a function call or a
 * parenthesised expression. Throws SELECTION_SYNTAX_ERROR naming the column and what was expected.
 *
 * @example
 * parseSelection('+tag:team=data and not group:staging');
 * // { kind: 'AndNode', left: { kind: 'TraversalNode', operand: { kind: 'TagNode', key: 'team', value: 'data' }, up: 'all', down: undefined },
 * //   right: { kind: 'NotNode', operand: { kind: 'AttributeNode', attribute: 'group', value: 'staging' } } }
 */
export function parseSelection(text: string): SelectionNode {
  const tokens = tokenizeSelection(text);
  let pos = 0;
  const peek = (ahead = 0): SelectionToken => tokens[Math.min(pos + ahead, tokens.length - 1)]!;
  const next = (): SelectionToken => tokens[pos++]!;
  const found = (t: SelectionToken) => (t.type === 'end' ? 'the end of the selection' : t.type === 'string' ? `"\\"${t.value}\\""` : `"${t.value}"`);
  const fail = (t: SelectionToken, expected: string, message?: string, hint?: string): never => {
    throw selectionSyntaxError(text, t.start, expected, found(t), message, hint);
  };
  const isWord = (t: SelectionToken, word: string) => t.type === 'word' && t.value.toLowerCase() === word;

  const parseOr = (): SelectionNode => {
    let left = parseAnd();
    while (isWord(peek(), 'or')) {
      next();
      left = OrNode.create(left, parseAnd());
    }
    return left;
  };
  const parseAnd = (): SelectionNode => {
    let left = parseNot();
    while (isWord(peek(), 'and')) {
      next();
      left = AndNode.create(left, parseNot());
    }
    return left;
  };
  const parseNot = (): SelectionNode => {
    if (isWord(peek(), 'not')) {
      next();
      return NotNode.create(parseNot());
    }
    return parseTraversal();
  };
  const parseTraversal = (): SelectionNode => {
    let up: TraversalDepth | undefined;
    const t = peek();
    if (t.type === 'word' && DIGITS.test(t.value) && peek(1).type === '+' && peek(1).start === t.end) {
      next();
      next();
      up = Number(t.value);
    } else if (t.type === '+') {
      next();
      up = 'all';
    }
    if (up !== undefined && peek().type === '+') fail(peek(), OPERAND, undefined, 'use "+x" for all upstream layers or "2+x" for two');
    const operand = parsePrimary();
    let down: TraversalDepth | undefined;
    if (peek().type === '+') {
      const plus = next();
      const d = peek();
      if (d.type === 'word' && DIGITS.test(d.value) && d.start === plus.end) {
        next();
        down = Number(d.value);
      } else down = 'all';
    }
    return up === undefined && down === undefined ? operand : TraversalNode.create(operand, up, down);
  };
  const parseValue = (after: SelectionToken, attribute: string): string => {
    const v = peek();
    if (v.type === 'word' && !KEYWORDS.has(v.value.toLowerCase())) return next().value;
    if (v.type === 'string') return next().value;
    if (v.type === '*' && attribute === 'key') return next().value;
    return fail(v, `an attribute value after "${attribute}:"`, `Expected an attribute value after "${attribute}:" at column ${after.end + 1}`, `e.g. ${attribute}:${EXAMPLES[attribute] ?? 'value'}`);
  };
  const parsePrimary = (): SelectionNode => {
    const t = peek();
    if (t.type === '*') {
      next();
      return AllNode.create();
    }
    if (t.type === '(') {
      next();
      const inner = parseOr();
      const close = peek();
      if (close.type !== ')') fail(close, '")"', `Expected ")" to close the "(" at column ${t.start + 1}, at column ${close.start + 1}, found ${found(close)}`);
      next();
      return inner;
    }
    if (t.type === 'string') {
      next();
      return KeyNode.create(t.value);
    }
    if (t.type === 'word' && !KEYWORDS.has(t.value.toLowerCase())) {
      const after = peek(1);
      if (after.type === ':' && after.start === t.end) {
        const name = t.value.toLowerCase();
        if (!(SELECTION_ATTRIBUTES as readonly string[]).includes(name)) {
          fail(t, 'an attribute', `Unknown attribute "${t.value}:" at column ${t.start + 1}; valid attributes are ${SELECTION_ATTRIBUTES.map((a) => `${a}:`).join(', ')}`);
        }
        next();
        const colon = next();
        const value = parseValue(colon, name);
        if (name === 'key') return KeyNode.create(value);
        if (name === 'tag') {
          if (peek().type === '=') {
            const eq = next();
            return TagNode.create(value, parseValueAfterEquals(eq, value));
          }
          return TagNode.create(value);
        }
        if (name === 'owner' && value === 'team' && peek().type === ':' && peek(1).type === 'word') {
          next();
          return AttributeNode.create('owner', `team:${next().value}`);
        }
        return AttributeNode.create(name as 'group' | 'owner' | 'kind', value);
      }
      if (after.type === '(') {
        const name = t.value.toLowerCase();
        if (name !== 'roots' && name !== 'sinks') {
          fail(t, 'a function', `Unknown function "${t.value}" at column ${t.start + 1}; valid functions are ${SELECTION_FUNCTIONS.map((f) => `${f}(…)`).join(', ')}`);
        }
        next();
        const open = next();
        const inner = parseOr();
        const close = peek();
        if (close.type !== ')') fail(close, '")"', `Expected ")" to close "${t.value}(" at column ${open.start + 1}, at column ${close.start + 1}, found ${found(close)}`);
        next();
        return FunctionNode.create(name as 'roots' | 'sinks', inner);
      }
      next();
      return KeyNode.create(t.value);
    }
    return fail(t, OPERAND);
  };
  const parseValueAfterEquals = (eq: SelectionToken, tagKey: string): string => {
    const v = peek();
    if (v.type === 'word' || v.type === 'string') return next().value;
    return fail(v, `a tag value after "tag:${tagKey}="`, `Expected a tag value after "tag:${tagKey}=" at column ${eq.end + 1}`, `e.g. tag:${tagKey}=value`);
  };

  if (peek().type === 'end') fail(peek(), 'a selection', `Expected a selection at column 1, found an empty text`, 'e.g. "*", "raw/users" or "tag:team=data"');
  const ast = parseOr();
  const rest = peek();
  if (rest.type !== 'end') {
    fail(rest, '"and", "or" or the end', `Unexpected ${found(rest)} at column ${rest.start + 1}; expected "and", "or" or the end of the selection`);
  }
  return ast;
}

const EXAMPLES: Record<string, string> = {
  key: '"raw/*"',
  tag: 'team=data',
  group: 'marketing',
  owner: 'ana@example.com',
  kind: 'postgres',
};
