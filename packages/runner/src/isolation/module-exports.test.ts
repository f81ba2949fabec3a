import { describe, expect, it } from 'vitest';
import { moduleExports } from './module-exports';

describe('moduleExports', () => {
  it('returns an ES module namespace as it is', () => {
    const ns = { default: 1, definitions: 2 };
    expect(moduleExports(ns)).toBe(ns);
  });

  it('unwraps a CommonJS module compiled from ESM syntax (__esModule)', () => {
    const inner = { __esModule: true, default: 'defs', other: 3 };
    expect(moduleExports({ default: inner, other: 3 })).toBe(inner);
  });

  it('leaves a plain CommonJS default export (no __esModule) alone', () => {
    const ns = { default: { kind: 'Definitions' } };
    expect(moduleExports(ns)).toBe(ns);
  });
});
