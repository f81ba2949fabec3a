import { isAbsolute, relative, resolve } from 'node:path';

/** One TypeScript error, located in the project. */
export interface TypeDiagnostic {
  /** Path relative to the project directory (absolute when outside it). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** `TS2322`. */
  readonly code: string;
  /** The message, continuation lines (the elaboration) included. */
  readonly message: string;
}

const LOCATED = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;
const GLOBAL = /^error (TS\d+): (.*)$/;

/**
 * Reads `tsc --pretty false` output: `file(line,col): error TSnnnn: message` plus indented
 * continuation lines. Errors without a location (a bad tsconfig) get the tsconfig or `'tsc'` as file.
 *
 * @example
 * parseTscOutput("a.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.", '/p')
 * // [{ file: 'a.ts', line: 1, column: 7, code: 'TS2322', message: "Type 'string' is not assignable to type 'number'." }]
 */
export function parseTscOutput(output: string, projectDir: string, fallbackFile = 'tsc'): TypeDiagnostic[] {
  const found: TypeDiagnostic[] = [];
  let last: { -readonly [K in keyof TypeDiagnostic]: TypeDiagnostic[K] } | undefined;
  for (const line of output.split(/\r?\n/)) {
    const located = LOCATED.exec(line);
    const global = located ? null : GLOBAL.exec(line);
    if (located) {
      last = { file: projectPath(located[1]!, projectDir), line: Number(located[2]), column: Number(located[3]), code: located[4]!, message: located[5]! };
      found.push(last);
    } else if (global) {
      last = { file: fallbackFile, line: 0, column: 0, code: global[1]!, message: global[2]! };
      found.push(last);
    } else if (last && /^\s+\S/.test(line)) {
      last.message += `\n${line.trimEnd()}`;
    } else {
      last = undefined;
    }
  }
  return found;
}

function projectPath(file: string, projectDir: string): string {
  const absolute = isAbsolute(file) ? file : resolve(projectDir, file);
  const rel = relative(projectDir, absolute);
  return rel.startsWith('..') ? absolute : rel;
}

/**
 * One line per error, as editors print them: `file:line:col - error TS2322: message`.
 *
 * @example
 * formatTypeDiagnostic({ file: 'baton.config.ts', line: 3, column: 5, code: 'TS2322', message: '…' })
 * // 'baton.config.ts:3:5 - error TS2322: …'
 */
export function formatTypeDiagnostic(d: TypeDiagnostic): string {
  return `${d.file}${d.line > 0 ? `:${d.line}:${d.column}` : ''} - error ${d.code}: ${d.message}`;
}
