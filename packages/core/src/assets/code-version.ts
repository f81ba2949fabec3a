import { stableHash } from './stable-hash';

const isWordChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_$]/.test(c);

/**
 * Source text with comments removed and formatting normalised: whitespace survives only where it
 * separates two word characters, and trailing commas / semicolons before a closing bracket go.
 * String and template literals are kept verbatim. So re-formatting (Prettier, re-indenting,
 * comments) leaves the result unchanged while any change of tokens does not.
 *
 * @example
 * normalizeSource('(a, b) => { // add\n  return a + b; }') === normalizeSource('(a,b)=>{return a+b}') // true
 */
export function normalizeSource(source: string): string {
  const out: string[] = [];
  let pendingSpace = false;
  let i = 0;
  const n = source.length;
  const emit = (text: string) => {
    if (pendingSpace && isWordChar(out.length ? out[out.length - 1]!.at(-1) : undefined) && isWordChar(text[0])) out.push(' ');
    pendingSpace = false;
    out.push(text);
  };
  while (i < n) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < n && source[i] !== '\n') i++;
      pendingSpace = true;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end === -1 ? n : end + 2;
      pendingSpace = true;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < n && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      emit(source.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    if (c === '\\') {
      emit(source.slice(i, i + 2));
      i += 2;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      pendingSpace = true;
      i++;
      continue;
    }
    if ((c === ')' || c === ']' || c === '}') && out.length > 0) {
      const last = out[out.length - 1];
      if (last === ',' || (c === '}' && last === ';')) out.pop();
    }
    emit(c);
    i++;
  }
  if (out[out.length - 1] === ';') out.pop();
  return out.join('');
}

/**
 * The derived code version: a stable hash of the normalised sources of the functions plus the
 * extra parts that change the result (the partitions id). Upstream versions are not chained in.
 *
 * @example
 * deriveCodeVersion([compute], ['daily|2024-01-01|UTC']) // e.g. '3f9c0a51d2e4b7a8'
 */
export function deriveCodeVersion(fns: readonly (((...args: never[]) => unknown) | undefined)[], extra: readonly string[] = []): string {
  const parts = fns.map((fn) => (fn ? normalizeSource(Function.prototype.toString.call(fn)) : '-'));
  return stableHash([...parts, ...extra].join('\u0000'));
}
