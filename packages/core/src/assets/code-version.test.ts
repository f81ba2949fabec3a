import { describe, expect, it } from 'vitest';
import { deriveCodeVersion, normalizeSource } from './code-version';
import { stableHash } from './stable-hash';

describe('stableHash', () => {
  it('is a stable 16-hex-digit hash that changes with the input', () => {
    expect(stableHash('hello')).toMatch(/^[0-9a-f]{16}$/);
    expect(stableHash('hello')).toBe(stableHash('hello'));
    expect(stableHash('hello')).not.toBe(stableHash('hellp'));
    expect(stableHash('')).not.toBe(stableHash(' '));
  });
});

describe('normalizeSource', () => {
  it('drops comments and formatting but keeps strings verbatim', () => {
    const a = `(ctx, { users }) => {
      // count the users
      /* block */ return users.filter((u) => u.active,).length;
    }`;
    const b = '(ctx,{users})=>{return users.filter((u)=>u.active).length}';
    expect(normalizeSource(a)).toBe(normalizeSource(b));
    expect(normalizeSource('"a  // b"')).toBe('"a  // b"');
    expect(normalizeSource('`x ${ y }  /* z */`')).toBe('`x ${ y }  /* z */`');
    expect(normalizeSource('return  x')).toBe('return x');
    expect(normalizeSource('const a = 1;\n const b = 2;')).toBe('const a=1;const b=2');
  });
});

describe('deriveCodeVersion', () => {
  // Built from source text so that the functions differ only in the way the test says.
  const fn = (src: string) => new Function(`return ${src}`)() as () => unknown;

  it('gives identical source the same version', () => {
    expect(deriveCodeVersion([fn('(a) => a + 1')])).toBe(deriveCodeVersion([fn('(a) => a + 1')]));
  });

  it('ignores cosmetic changes (whitespace, comments, trailing commas)', () => {
    const base = deriveCodeVersion([fn('(a, b) => { return [a, b]; }')]);
    expect(deriveCodeVersion([fn('(a,b)=>{\n  // pair\n  return [\n    a,\n    b,\n  ];\n}')])).toBe(base);
  });

  it('changes with a real change of code or partitions', () => {
    const base = deriveCodeVersion([fn('(a) => a + 1')]);
    expect(deriveCodeVersion([fn('(a) => a + 2')])).not.toBe(base);
    expect(deriveCodeVersion([fn('(a) => a - 1')])).not.toBe(base);
    expect(deriveCodeVersion([fn('(a) => a + 1')], ['daily'])).not.toBe(base);
  });
});
