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

/** Splits selection text into tokens; a lone `*` is its own token, `raw/*` is a word. */
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
    const word = text.slice(i, j);
    tokens.push({ type: word === '*' ? '*' : 'word', value: word, start: i, end: j });
    i = j;
  }
  tokens.push({ type: 'end', value: '', start: text.length, end: text.length });
  return tokens;
}
