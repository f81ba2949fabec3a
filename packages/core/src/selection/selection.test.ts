import { describe, expect, it } from 'vitest';
import { asset } from '../assets/asset';
import { BatonError } from '../errors/baton-error';
import { definitions } from '../graph/definitions';
import { AssetSelection } from './asset-selection';
import { formatSelection } from './format-selection';
import { parseSelection } from './parse-selection';
import { resolveSelection } from './resolve-selection';
import { AndNode, KeyNode, NotNode, OrNode, SelectionNode, TagNode, TraversalNode } from './selection-ast';

const rawUsers = asset({ key: 'raw/users', group: 'raw', tags: { team: 'data', pii: '' }, compute: () => 1 });
const rawOrders = asset({ key: 'raw/orders', group: 'raw', kinds: ['postgres'], owners: ['team:data'], compute: () => 1 });
const cleanUsers = asset({ key: 'clean/users', group: 'clean', deps: [rawUsers], compute: () => 1 });
const cleanOrders = asset({ key: 'clean/orders', group: 'clean', kinds: ['postgres'], deps: [rawOrders], compute: () => 1 });
const summary = asset({ key: 'marts/summary', group: 'marts', owners: ['ana@example.com'], tags: { team: 'bi' }, deps: [cleanUsers, cleanOrders], compute: () => 1 });
const report = asset({ key: 'marts/report', group: 'marts', deps: [summary], compute: () => 1 });
const alone = asset({ key: 'other/alone', compute: () => 1 });
const defs = definitions({ assets: [rawUsers, rawOrders, cleanUsers, cleanOrders, summary, report, alone] });

const sel = (text: string) => resolveSelection(text, defs);
const syntaxError = (text: string): BatonError => {
  try {
    parseSelection(text);
  } catch (e) {
    if (BatonError.is(e, 'SELECTION_SYNTAX_ERROR')) return e;
    throw e;
  }
  throw new Error(`expected ${text} to fail`);
};

describe('selection attributes', () => {
  it('selects everything with *', () => {
    expect(sel('*')).toEqual(defs.graph.keys);
  });
  it('selects keys: bare, quoted, key: with wildcards', () => {
    expect(sel('raw/users')).toEqual(['raw/users']);
    expect(sel('"raw/users"')).toEqual(['raw/users']);
    expect(sel('key:"raw/*"')).toEqual(['raw/orders', 'raw/users']);
    expect(sel('key:*/users')).toEqual(['clean/users', 'raw/users']);
    expect(sel('key:*')).toEqual(defs.graph.keys);
    expect(sel('key:"nothing/*"')).toEqual([]);
    expect(sel('key:raw.users*')).toEqual([]); // "." is literal
  });
  it('selects by tag, group, owner, kind', () => {
    expect(sel('tag:team=data')).toEqual(['raw/users']);
    expect(sel('tag:"team"="bi"')).toEqual(['marts/summary']);
    expect(sel('tag:team')).toEqual(['marts/summary', 'raw/users']);
    expect(sel('tag:pii')).toEqual(['raw/users']);
    expect(sel('group:clean')).toEqual(['clean/orders', 'clean/users']);
    expect(sel('group:default')).toEqual(['other/alone']);
    expect(sel('owner:team:data')).toEqual(['raw/orders']);
    expect(sel('owner:"ana@example.com"')).toEqual(['marts/summary']);
    expect(sel('owner:ana@example.com')).toEqual(['marts/summary']);
    expect(sel('kind:postgres')).toEqual(['clean/orders', 'raw/orders']);
  });
  it('throws ASSET_NOT_FOUND with did-you-mean for an exact key that does not exist', () => {
    try {
      sel('raw/user');
      expect.unreachable();
    } catch (e) {
      expect(BatonError.is(e, 'ASSET_NOT_FOUND')).toBe(true);
      expect((e as Error).message).toContain('Selection names asset "raw/user", which is not defined. did you mean "raw/users"?');
    }
  });
});

describe('layers', () => {
  it('walks all or n layers up and down', () => {
    expect(sel('+marts/report')).toEqual(['clean/orders', 'clean/users', 'marts/report', 'marts/summary', 'raw/orders', 'raw/users']);
    expect(sel('1+marts/report')).toEqual(['marts/report', 'marts/summary']);
    expect(sel('2+marts/report')).toEqual(['clean/orders', 'clean/users', 'marts/report', 'marts/summary']);
    expect(sel('raw/users+')).toEqual(['clean/users', 'marts/report', 'marts/summary', 'raw/users']);
    expect(sel('raw/users+1')).toEqual(['clean/users', 'raw/users']);
    expect(sel('+clean/users+')).toEqual(['clean/users', 'marts/report', 'marts/summary', 'raw/users']);
    expect(sel('1+clean/users+1')).toEqual(['clean/users', 'marts/summary', 'raw/users']);
    expect(sel('+(tag:pii or kind:postgres)')).toEqual(['clean/orders', 'raw/orders', 'raw/users']);
    expect(sel('+key:"clean/*"+1')).toEqual(['clean/orders', 'clean/users', 'marts/summary', 'raw/orders', 'raw/users']);
  });
});

describe('operators and functions', () => {
  it('applies not > and > or', () => {
    // or binds loosest: group:raw or (group:clean and kind:postgres)
    expect(sel('group:raw or group:clean and kind:postgres')).toEqual(['clean/orders', 'raw/orders', 'raw/users']);
    expect(sel('(group:raw or group:clean) and kind:postgres')).toEqual(['clean/orders', 'raw/orders']);
    // not binds tighter than and: (not group:raw) and kind:postgres
    expect(sel('not group:raw and kind:postgres')).toEqual(['clean/orders']);
    expect(sel('not (group:raw or group:clean)')).toEqual(['marts/report', 'marts/summary', 'other/alone']);
    expect(sel('NOT group:raw AND NOT group:clean AND NOT group:marts')).toEqual(['other/alone']);
  });
  it('roots() and sinks() of a sub-selection', () => {
    expect(sel('roots(*)')).toEqual(['other/alone', 'raw/orders', 'raw/users']);
    expect(sel('sinks(*)')).toEqual(['marts/report', 'other/alone']);
    expect(sel('roots(+marts/summary)')).toEqual(['raw/orders', 'raw/users']);
    expect(sel('sinks(group:clean or group:raw)')).toEqual(['clean/orders', 'clean/users']);
    expect(sel('roots(group:clean)+1')).toEqual(['clean/orders', 'clean/users', 'marts/summary']);
  });
});

describe('parseSelection', () => {
  it('builds a frozen AST of kind-tagged nodes', () => {
    const ast = parseSelection('+tag:team=data and not group:y');
    expect(ast).toEqual(
      AndNode.create(
        TraversalNode.create(TagNode.create('team', 'data'), 'all', undefined),
        NotNode.create({ kind: 'AttributeNode', attribute: 'group', value: 'y' }),
      ),
    );
    expect(Object.isFrozen(ast)).toBe(true);
    expect(SelectionNode.is(ast)).toBe(true);
    expect(AndNode.is(ast)).toBe(true);
    expect(OrNode.is(ast)).toBe(false);
    expect(KeyNode.is(parseSelection('a'))).toBe(true);
    expect(JSON.parse(JSON.stringify(ast))).toEqual(JSON.parse(JSON.stringify(ast)));
  });

  it('round-trips through formatSelection', () => {
    for (const text of [
      '*',
      'raw/users',
      'key:"raw/*"',
      'tag:"team"="data" or tag:pii',
      'owner:team:data and kind:postgres',
      '2+key:a+1',
      '+(a or b)+',
      'not (a and b)',
      'a and (b or c)',
      'a or b and c',
      'a and (b and c)',
      'roots(not group:"my group")',
      'sinks(+x)',
      'key:"and"',
      'not not a',
      '+(+a)',
    ]) {
      const ast = parseSelection(text);
      expect(parseSelection(formatSelection(ast)), text).toEqual(ast);
    }
    expect(formatSelection(parseSelection('(+key:"raw/users")  AND  not group:"staging"'))).toBe('+key:raw/users and not group:staging');
    expect(formatSelection(parseSelection('a or b and c'))).toBe('key:a or key:b and key:c');
    expect(formatSelection(parseSelection('(a or b) and c'))).toBe('(key:a or key:b) and key:c');
  });

  it('reports errors with the column, what was expected and a caret', () => {
    const e1 = syntaxError('tag:');
    expect(e1.message).toBe('Expected an attribute value after "tag:" at column 5. e.g. tag:team=data');
    expect(e1.details).toMatchObject({ column: 5, caret: 'tag:\n    ^' });
    const e2 = syntaxError('foo:bar');
    expect(e2.message).toContain('Unknown attribute "foo:" at column 1; valid attributes are key:, tag:, group:, owner:, kind:');
    expect(syntaxError('a and').message).toContain('at column 6, found the end of the selection');
    expect(syntaxError('a and').message).toContain('Expected an asset key');
    expect(syntaxError('(a or b').message).toBe('Expected ")" to close the "(" at column 1, at column 8, found the end of the selection');
    expect(syntaxError('a b').message).toBe('Unexpected "b" at column 3; expected "and", "or", "," or the end of the selection');
    expect(syntaxError('key:"abc').message).toBe('Unterminated quoted string starting at column 5');
    expect(syntaxError('foo(a)').message).toContain('Unknown function "foo" at column 1; valid functions are roots(…), sinks(…)');
    expect(syntaxError('roots(a').message).toContain('Expected ")" to close "roots("');
    expect(syntaxError('').message).toContain('Expected a selection at column 1');
    expect(syntaxError('tag:team=').message).toContain('Expected a tag value after "tag:team=" at column 10');
    expect(syntaxError('group:and').details).toMatchObject({ column: 7 });
    expect(syntaxError(')').details).toMatchObject({ column: 1, found: '")"' });
  });
});

describe('AssetSelection builder', () => {
  it('is immutable and prints the text syntax', () => {
    const base = AssetSelection.keys('marts/summary');
    const up = base.upstream();
    expect(up).not.toBe(base);
    expect(base.toString()).toBe('key:marts/summary');
    expect(up.toString()).toBe('+key:marts/summary');
    expect(Object.isFrozen(up)).toBe(true);
    expect(AssetSelection.keys('a', 'b').downstream(2).toString()).toBe('(key:a or key:b)+2');
    expect(AssetSelection.groups('raw').minus(AssetSelection.tag('pii')).toString()).toBe('group:raw and not tag:pii');
    expect(AssetSelection.tag('team', 'data').or(AssetSelection.kinds('postgres')).roots().toString()).toBe('roots(tag:team=data or kind:postgres)');
    expect(AssetSelection.keys('x').upstream(1).downstream().toString()).toBe('(1+key:x)+');
  });

  it('resolves like the text syntax', () => {
    const s = AssetSelection.keys('marts/summary').upstream(1).minus(AssetSelection.kinds('postgres'));
    expect(s.resolve(defs)).toEqual(['clean/users', 'marts/summary']);
    expect(resolveSelection(s.toString(), defs)).toEqual(s.resolve(defs));
    expect(AssetSelection.all().sinks().resolve(defs.graph)).toEqual(['marts/report', 'other/alone']);
    expect(AssetSelection.owners('team:data').resolve(defs)).toEqual(['raw/orders']);
    expect(AssetSelection.parse('raw/users+1').and(AssetSelection.groups('clean')).resolve(defs)).toEqual(['clean/users']);
    expect(() => AssetSelection.keys()).toThrow(/needs at least one value/);
  });
});
