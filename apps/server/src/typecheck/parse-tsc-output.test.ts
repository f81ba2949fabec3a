import { describe, expect, it } from 'vitest';
import { formatTypeDiagnostic, parseTscOutput } from './parse-tsc-output';

describe('parseTscOutput', () => {
  it('reads located errors with their continuation lines, paths relative to the project', () => {
    const out = [
      'baton.config.ts(6,16): error TS2769: No overload matches this call.',
      "  Type 'number' is not assignable to type 'string'.",
      '/work/p/src/assets.ts(1,7): error TS2322: Type \'string\' is not assignable to type \'number\'.',
      '',
      '4:24:35 PM - Found 2 errors. Watching for file changes.',
    ].join('\n');
    expect(parseTscOutput(out, '/work/p')).toEqual([
      { file: 'baton.config.ts', line: 6, column: 16, code: 'TS2769', message: "No overload matches this call.\n  Type 'number' is not assignable to type 'string'." },
      { file: 'src/assets.ts', line: 1, column: 7, code: 'TS2322', message: "Type 'string' is not assignable to type 'number'." },
    ]);
  });

  it('keeps errors without a position (a bad tsconfig) and files outside the project absolute', () => {
    const out = "error TS5023: Unknown compiler option 'strictt'.\n/elsewhere/x.ts(2,1): error TS1005: ';' expected.";
    expect(parseTscOutput(out, '/work/p', '/work/p/tsconfig.json')).toEqual([
      { file: '/work/p/tsconfig.json', line: 0, column: 0, code: 'TS5023', message: "Unknown compiler option 'strictt'." },
      { file: '/elsewhere/x.ts', line: 2, column: 1, code: 'TS1005', message: "';' expected." },
    ]);
  });

  it('formats an error as editors do', () => {
    expect(formatTypeDiagnostic({ file: 'baton.config.ts', line: 6, column: 16, code: 'TS2769', message: 'No overload matches this call.' })).toBe(
      'baton.config.ts:6:16 - error TS2769: No overload matches this call.',
    );
  });
});
