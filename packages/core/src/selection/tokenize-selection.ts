import { selectionSyntaxError } from './selection-syntax-error';

export type SelectionTokenType = 'word' | 'string' | '(' | ')' | '+' | ':' | '=' | '*' | ',' | 'end';

export interface SelectionToken {
  readonly type: SelectionTokenType;
  /** The word or the unescaped string content. */
  readonly value: string;
  /** 0-based offset in the text. */
  readonly start: number;
  readonly end: number;
}

const PUNCT = new Set(['(', ')', '+', ':', '=', ',']);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/**
 * Splits selection text into tokens. Stars at the edges of a bare key are tokens of their own
 * (`*raw/users*` is `*`, `raw/users`, `*`); an attribute value keeps them (`key:raw/*` is a wildcard).
 */
export function tokenizeSelection(text: string): SelectionToken[] {
  const tokens: SelectionToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (PUNCT.has(c)) {
      tokens.push({ type: c as SelectionTokenType, value: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        value += text[j];
        j++;
      }
      if (j >= text.length) throw selectionSyntaxError(text, i, 'a closing quote (")', 'the end', `Unterminated quoted string starting at column ${i + 1}`);
      tokens.push({ type: 'string', value, start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !isSpace(text[j]!) && !PUNCT.has(text[j]!) && text[j] !== '"') j++;
    const prev = tokens[tokens.length - 1];
    if (prev && prev.end === i && (prev.type === ':' || prev.type === '=')) {
      // an attribute value keeps its stars: key:"raw/*" and key:raw/* are wildcards
      tokens.push({ type: 'word', value: text.slice(i, j), start: i, end: j });
    } else {
      // a bare key: leading and trailing stars are their own tokens (Dagster's `*key*` traversals)
      let a = i;
      let b = j;
      while (a < b && text[a] === '*') a++;
      while (b > a && text[b - 1] === '*') b--;
      for (let k = i; k < a; k++) tokens.push({ type: '*', value: '*', start: k, end: k + 1 });
      if (b > a) tokens.push({ type: 'word', value: text.slice(a, b), start: a, end: b });
      for (let k = b; k < j; k++) tokens.push({ type: '*', value: '*', start: k, end: k + 1 });
    }
    i = j;
  }
  tokens.push({ type: 'end', value: '', start: text.length, end: text.length });
  return tokens;
}
