import { describe, expect, it } from 'vitest';
import {
  AssetSelection,
  BatonError,
  asset,
  dailyPartitions,
  definitions,
  formatSelection,
  multiAsset,
  parseSelection,
  resolveSelection,
  sourceAsset,
} from '../index';

// Dagster users' selection strings and vocabulary, checked through the public API.
//
//   ext/events (source) ─▶ raw/events ─────────────────────────┐
//   raw/users ─▶ clean/users ─▶ split (multi: split/a, split/b) ├─▶ marts/x ─▶ marts/y
//                                  split/a ─────────────────────┘
const events = sourceAsset({ key: 'ext/events', group: 'raw', observe: () => ({ dataVersion: '1' }) });
const rawEvents = asset({ key: 'raw/events', group: 'raw', partitions: dailyPartitions({ start: '2024-01-01' }), deps: [events], compute: () => 1 });
const rawUsers = asset({ key: 'raw/users', group: 'raw', compute: () => 1 });
const cleanUsers = asset({ key: 'clean/users', group: 'clean', deps: [rawUsers], compute: () => 1 });
const split = multiAsset({ outs: { a: { key: 'split/a', group: 'clean' }, b: { key: 'split/b', group: 'clean' } }, deps: [cleanUsers], compute: () => ({ a: 1, b: 2 }) });
const martsX = asset({ key: 'marts/x', group: 'marts', deps: [split.a, rawEvents], compute: () => 1 });
const martsY = asset({ key: 'marts/y', group: 'marts', deps: [martsX], compute: () => 1 });
const defs = definitions({ assets: [events, rawEvents, rawUsers, cleanUsers, split, martsX, martsY] });
const sel = (text: string) => resolveSelection(text, defs);

/** The BatonError `run` throws (with `code`), or a failure. */
function thrown(run: () => unknown, code: string): BatonError {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(BatonError.is(error) ? error.code : error).toBe(code);
  return error as BatonError;
}
const syntaxError = (text: string) => thrown(() => parseSelection(text), 'SELECTION_SYNTAX_ERROR');

describe("Dagster's clause syntax", () => {
  it('reads * as all layers and + as one layer in a clause that uses * or ++', () => {
    expect(sel('*marts/x')).toEqual(sel('+marts/x'));
    expect(sel('*marts/x')).toEqual(['clean/users', 'marts/x', 'raw/events', 'raw/users', 'split/a']);
    expect(sel('clean/users*')).toEqual(['clean/users', 'marts/x', 'marts/y', 'split/a', 'split/b']);
    expect(sel('+marts/x*')).toEqual(['marts/x', 'marts/y', 'raw/events', 'split/a']);
    expect(sel('*marts/x+')).toEqual(['clean/users', 'marts/x', 'marts/y', 'raw/events', 'raw/users', 'split/a']);
    expect(sel('++marts/x')).toEqual(['clean/users', 'marts/x', 'raw/events', 'split/a']);
    expect(sel('"split/a"*')).toEqual(['marts/x', 'marts/y', 'split/a']);
  });

  it('keeps the default syntax: +x is every upstream layer, 2+x and x+2 count layers', () => {
    expect(sel('+marts/x')).toEqual(['clean/users', 'marts/x', 'raw/events', 'raw/users', 'split/a']);
    expect(sel('2+marts/y')).toEqual(['marts/x', 'marts/y', 'raw/events', 'split/a']);
    expect(sel('raw/users+2')).toEqual(['clean/users', 'raw/users', 'split/a', 'split/b']);
    expect(sel('key:"raw/*"')).toEqual(['raw/events', 'raw/users']);
  });

  it('takes comma-separated clauses as a union', () => {
    expect(sel('raw/users, marts/y')).toEqual(['marts/y', 'raw/users']);
    expect(sel('*clean/users,marts/x*')).toEqual(['clean/users', 'marts/x', 'marts/y', 'raw/users']);
    expect(sel('group:marts or raw/users, clean/users')).toEqual(['clean/users', 'marts/x', 'marts/y', 'raw/users']);
    expect(formatSelection(parseSelection('+a*, b'))).toBe('1+key:a+ or key:b');
  });

  it('errors name the position and suggest the fix', () => {
    const spaced = syntaxError('marts/x *');
    expect(spaced.details).toMatchObject({ column: 9 });
    expect(spaced.hint).toMatch(/"marts\/x\*"/);
    const trailing = syntaxError('a,');
    expect(trailing.message).toContain('column 3');
    // a bare raw/* is raw/ and everything downstream: the hint gives the wildcard form
    expect(thrown(() => sel('raw/*'), 'ASSET_NOT_FOUND').hint).toContain('key:"raw/*"');
  });
});

describe('source assets', () => {
  it('are not in *, group:, key wildcards or not-selections unless asked for', () => {
    expect(sel('*')).not.toContain('ext/events');
    expect(sel('group:raw')).toEqual(['raw/events', 'raw/users']);
    expect(sel('key:"ext/*"')).toEqual([]);
    expect(sel('not group:marts')).not.toContain('ext/events');
    expect(sel('+raw/events')).toEqual(['raw/events']);
    expect(sel('ext/events')).toEqual(['ext/events']);
    expect(sel('is:source')).toEqual(['ext/events']);
    expect(sel('group:raw or is:source')).toEqual(['ext/events', 'raw/events', 'raw/users']);
  });

  it('are in every clause with includeSources (for commands that act on sources, like observe)', () => {
    const withSources = (text: string) => resolveSelection(text, defs, { includeSources: true });
    expect(withSources('group:raw')).toEqual(['ext/events', 'raw/events', 'raw/users']);
    expect(withSources('key:"ext/*"')).toEqual(['ext/events']);
    expect(withSources('*')).toContain('ext/events');
    expect(withSources('+raw/events')).toEqual(['ext/events', 'raw/events']);
    expect(withSources('not group:marts')).toContain('ext/events');
    expect(withSources('is:materializable')).not.toContain('ext/events');
  });

  it('sources(x) is the upstream source assets of a selection', () => {
    expect(sel('sources(marts/y)')).toEqual(['ext/events']);
    expect(sel('sources(raw/users)')).toEqual([]);
    expect(AssetSelection.keys('marts/y').upstreamSourceAssets().resolve(defs)).toEqual(['ext/events']);
  });
});

describe('is: filters', () => {
  it('select sources, observable sources, materializable and partitioned assets', () => {
    expect(sel('is:materializable')).toEqual(sel('*'));
    expect(sel('is:observable')).toEqual(['ext/events']);
    expect(sel('is:partitioned')).toEqual(['raw/events']);
    expect(sel('+marts/x and not is:partitioned')).toEqual(['clean/users', 'marts/x', 'raw/users', 'split/a']);
    expect(AssetSelection.keys('ext/events', 'raw/users').materializable().resolve(defs)).toEqual(['raw/users']);
    expect(AssetSelection.is('partitioned').toString()).toBe('is:partitioned');
  });

  it('an unknown flag names the column and lists the valid ones', () => {
    const e = syntaxError('group:raw and is:sorce');
    expect(e.details).toMatchObject({ column: 18 });
    expect(e.hint).toMatch(/did you mean "is:source"/);
  });
});

describe('roots and sinks of the selected subgraph', () => {
  it('a root has no selected ancestor at any depth, a sink no selected descendant', () => {
    // raw/users → clean/users → split/a → marts/x: with clean/users left out, split/a still has raw/users upstream
    expect(sel('roots(raw/users or split/a or marts/y)')).toEqual(['raw/users']);
    expect(sel('sinks(raw/users or split/a or marts/y)')).toEqual(['marts/y']);
    expect(AssetSelection.keys('raw/users', 'split/a', 'marts/y').roots().resolve(defs)).toEqual(['raw/users']);
  });
});

describe('multi-asset outputs that cannot run alone', () => {
  it('siblings(x) pulls in the other outputs of the multi-assets in x', () => {
    expect(sel('siblings(split/a)')).toEqual(['split/a', 'split/b']);
    expect(sel('siblings(marts/x)')).toEqual(['marts/x']);
    expect(AssetSelection.keys('split/b').requiredMultiAssetNeighbors().resolve(defs)).toEqual(['split/a', 'split/b']);
  });
});
