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
  type SelectionFlag,
  type SelectionFunction,
  type SelectionNode,
  type TraversalDepth,
} from './selection-ast';
import { didYouMean } from '../internal/did-you-mean';
import { selectionSyntaxError } from './selection-syntax-error';
import { tokenizeSelection, type SelectionToken } from './tokenize-selection';

/** Attribute names the syntax knows. */
export const SELECTION_ATTRIBUTES = ['key', 'tag', 'group', 'owner', 'kind', 'is'] as const;
/** Function names the syntax knows. */
export const SELECTION_FUNCTIONS = ['roots', 'sinks', 'sources', 'siblings'] as const satisfies readonly SelectionFunction[];
/** The values of `is:`. */
export const SELECTION_FLAGS = ['source', 'observable', 'materializable', 'partitioned'] as const satisfies readonly SelectionFlag[];

/** A traversal marker as written: `+` (one), `++…` (several), `*`, or `2+` / `+2` (a count). */
interface Marker {
  readonly depth: TraversalDepth;
  /** `*` or `++`: Dagster's clause syntax, where a lone `+` on the other side means one layer. */
  readonly legacy: boolean;
  readonly lonePlus: boolean;
}

const KEYWORDS = new Set(['and', 'or', 'not']);
const DIGITS = /^[0-9]+$/;
const OPERAND = 'an asset key, an attribute (key:, tag:, group:, owner:, kind:, is:), "*", "not", "(" or a function such as roots(…)';

/**
 * Parses the selection syntax into a frozen AST: Dagster's current syntax, plus Dagster's clause
 * syntax (`*a`, `+a*`, `++a`, comma-separated clauses). Precedence: `not` > `and` > `or` > `,` (a
 * comma is a union, like `or`); traversals bind to a key, an attribute, a function call or a
 * parenthesised expression. `+x` is every upstream layer and `2+x` two; a traversal that uses `*`
 * or `++` on either side is a Dagster clause, where `*` is every layer and each `+` one layer
 * (`+a*`: one layer up, everything down). Stars at the edges of a bare key are traversals; a
 * wildcard is written `key:"raw/*"`. Throws SELECTION_SYNTAX_ERROR naming the column, what was
 * expected and how to fix it.
 *
 * @example
 * parseSelection('+tag:team=data and not group:staging');
 * // { kind: 'AndNode', left: { kind: 'TraversalNode', operand: { kind: 'TagNode', key: 'team', value: 'data' }, up: 'all', down: undefined },
 * //   right: { kind: 'NotNode', operand: { kind: 'AttributeNode', attribute: 'group', value: 'staging' } } }
 * parseSelection('*raw/users, marts/x+'); // OrNode of two TraversalNodes
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

  /** Comma-separated clauses (Dagster's lists): a union. */
  const parseList = (): SelectionNode => {
    let left = parseOr();
    while (peek().type === ',') {
      next();
      left = OrNode.create(left, parseOr());
    }
    return left;
  };
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
  /** `k` adjacent `+` tokens from the current one (each touching the previous). */
  const pluses = (): number => {
    let k = 0;
    while (peek(k).type === '+' && (k === 0 || peek(k).start === peek(k - 1).end)) k++;
    return k;
  };
  const startsOperand = (t: SelectionToken) => t.type === 'word' || t.type === 'string' || t.type === '(';
  const parseUp = (): Marker | undefined => {
    const t = peek();
    if (t.type === 'word' && DIGITS.test(t.value) && peek(1).type === '+' && peek(1).start === t.end) {
      next();
      next();
      return { depth: Number(t.value), legacy: false, lonePlus: false };
    }
    if (t.type === '*' && peek(1).start === t.end && startsOperand(peek(1))) {
      next();
      return { depth: 'all', legacy: true, lonePlus: false };
    }
    const k = pluses();
    if (k === 0) return undefined;
    for (let i = 0; i < k; i++) next();
    return k === 1 ? { depth: 'all', legacy: false, lonePlus: true } : { depth: k, legacy: true, lonePlus: false };
  };
  const parseDown = (operandStart: number): Marker | undefined => {
    const t = peek();
    const lastEnd = tokens[pos - 1]!.end;
    if (t.type === '*') {
      if (t.start === lastEnd) {
        next();
        return { depth: 'all', legacy: true, lonePlus: false };
      }
      const written = text.slice(operandStart, lastEnd);
      fail(t, '"and", "or", "," or the end', `Unexpected "*" at column ${t.start + 1}: a traversal "*" must touch what it follows`, `write "${written}*" for ${written} and everything downstream, or "${written} or *" for every asset`);
    }
    const k = pluses();
    if (k === 0) return undefined;
    for (let i = 0; i < k; i++) next();
    if (k > 1) return { depth: k, legacy: true, lonePlus: false };
    const d = peek();
    if (d.type === 'word' && DIGITS.test(d.value) && d.start === tokens[pos - 1]!.end) {
      next();
      return { depth: Number(d.value), legacy: false, lonePlus: false };
    }
    return { depth: 'all', legacy: false, lonePlus: true };
  };
  const parseTraversal = (): SelectionNode => {
    const up = parseUp();
    if (up && peek().type === '+') fail(peek(), OPERAND, undefined, 'use "+x" for all upstream layers or "2+x" for two');
    const operandStart = peek().start;
    const operand = parsePrimary();
    const down = parseDown(operandStart);
    if (!up && !down) return operand;
    // Dagster's clause syntax: with a `*` or `++` in the traversal, a lone `+` is one layer
    const legacy = (up?.legacy ?? false) || (down?.legacy ?? false);
    const depth = (m: Marker | undefined) => (m === undefined ? undefined : m.lonePlus && legacy ? 1 : m.depth);
    return TraversalNode.create(operand, depth(up), depth(down));
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
      const inner = parseList();
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
        const valueToken = peek();
        const value = parseValue(colon, name);
        if (name === 'key') return KeyNode.create(value);
        if (name === 'is') {
          if (!(SELECTION_FLAGS as readonly string[]).includes(value)) {
            const near = didYouMean(value, SELECTION_FLAGS);
            const valid = SELECTION_FLAGS.map((f) => `is:${f}`).join(', ');
            fail(valueToken, 'a flag after "is:"', `Unknown flag "is:${value}" at column ${valueToken.start + 1}; valid flags are ${valid}`, near ? `did you mean "is:${near}"?` : `use one of ${valid}`);
          }
          return IsNode.create(value as SelectionFlag);
        }
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
        if (!(SELECTION_FUNCTIONS as readonly string[]).includes(name)) {
          const near = didYouMean(name, SELECTION_FUNCTIONS);
          fail(t, 'a function', `Unknown function "${t.value}" at column ${t.start + 1}; valid functions are ${SELECTION_FUNCTIONS.map((f) => `${f}(…)`).join(', ')}`, near ? `did you mean "${near}(…)"?` : undefined);
        }
        next();
        const open = next();
        const inner = parseList();
        const close = peek();
        if (close.type !== ')') fail(close, '")"', `Expected ")" to close "${t.value}(" at column ${open.start + 1}, at column ${close.start + 1}, found ${found(close)}`);
        next();
        return FunctionNode.create(name as SelectionFunction, inner);
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
  const ast = parseList();
  const rest = peek();
  if (rest.type !== 'end') {
    fail(rest, '"and", "or", "," or the end', `Unexpected ${found(rest)} at column ${rest.start + 1}; expected "and", "or", "," or the end of the selection`);
  }
  return ast;
}

const EXAMPLES: Record<string, string> = {
  key: '"raw/*"',
  tag: 'team=data',
  group: 'marketing',
  owner: 'ana@example.com',
  kind: 'postgres',
  is: 'source',
};
