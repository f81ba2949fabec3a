import { BatonError } from '../errors/baton-error';
import type { SqlQuery } from './sql';

/** How an engine spells the pieces of a SQL asset's query. */
export interface SqlDialect {
  /** Placeholder of the n-th parameter (1-based), e.g. `$1`. */
  placeholder(position: number): string;
  /** The relation text of `query.relations[index]` (a table, a filtered subquery, `read_parquet([...])`); `bind` adds a parameter and returns its placeholder. */
  relation(index: number, bind: (value: unknown) => string): string;
}

/** A query ready for the engine: text with placeholders and the values, in order. */
export interface RenderedSql {
  readonly text: string;
  readonly values: readonly unknown[];
}

/**
 * Renders a SQL asset's query for one engine: relations as the engine stores them (common table
 * expressions `__baton_relation_<n>`, in front of the query or of its own `with` list), partition
 * bindings as parameters (`cast($n as text)`, window bounds `cast($n as timestamptz)`). A binding without a value
 * (e.g. `sql.windowStart` on a static partition) is refused.
 *
 * @example
 * renderSql(query, { placeholder: (n) => `$${n}`, relation: (i) => tables[i] }, { partitionKey: '2026-01-01' })
 * // { text: 'with __baton_relation_0 as (select … from "raw"."orders") select … from __baton_relation_0 where day = cast($1 as text)', values: ['2026-01-01'] }
 */
export function renderSql(query: SqlQuery, dialect: SqlDialect, parameters: Readonly<Record<string, unknown>>): RenderedSql {
  const values: unknown[] = [];
  const bind = (value: unknown) => dialect.placeholder(values.push(value));
  // relations become common table expressions, so `from ${orders}` and `from ${orders} o` both read well on every engine
  const used = [...new Set(query.parts.flatMap((p) => (p.kind === 'relation' ? [p.relation] : [])))];
  const ctes = used.map((i) => `${RELATION_NAME(i)} as ${dialect.relation(i, bind)}`);
  let text = query.strings[0]!;
  query.parts.forEach((part, i) => {
    if (part.kind === 'relation') text += RELATION_NAME(part.relation);
    else {
      if (!(part.name in parameters) || parameters[part.name] === undefined) {
        throw new BatonError('INPUT_INVALID', `The SQL uses \${sql.${part.name.startsWith('dimension:') ? `dimension('${part.name.slice(10)}')` : part.name}}, which has no value for this partition`, {
          hint: 'partition bindings need a partitioned asset: windowStart/windowEnd a time-partitioned one, dimension(name) a multi-partitioned one',
          details: { parameter: part.name },
        });
      }
      const placeholder = bind(parameters[part.name]);
      // typed casts: both engines then know each parameter's type wherever it appears (also in a select list)
      text += `cast(${placeholder} as ${part.name === 'windowStart' || part.name === 'windowEnd' ? 'timestamptz' : 'text'})`;
    }
    text += query.strings[i + 1]!;
  });
  if (ctes.length > 0) {
    const withClause = /^\s*with\s+(recursive\s+)?/i.exec(text);
    text = withClause ? `with ${withClause[1] ?? ''}${ctes.join(', ')}, ${text.slice(withClause[0].length)}` : `with ${ctes.join(', ')} ${text.trimStart()}`;
  }
  return { text, values };
}

/** The name a relation goes by inside the rendered query. */
const RELATION_NAME = (index: number) => `__baton_relation_${index}`;

/**
 * The SQL text with comments removed and whitespace collapsed (string literals and quoted names kept
 * verbatim), interpolations written as `{{asset key}}` / `{{parameter}}`: what a SQL asset's code
 * version hashes, and what the plan preview and the asset page show.
 *
 * @example
 * normalizeSql(sql`select *  -- all\n from ${orders}`) // 'select * from {{raw/orders}}'
 */
export function normalizeSql(query: SqlQuery): string {
  let text = query.strings[0]!;
  query.parts.forEach((part, i) => {
    text += part.kind === 'relation' ? `{{${query.relations[part.relation]!.assetKey}}}` : `{{${part.name}}}`;
    text += query.strings[i + 1]!;
  });
  const out: string[] = [];
  let space = false;
  for (let i = 0; i < text.length; ) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
      space = true;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
      space = true;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && !(text[j] === c && text[j + 1] !== c)) j += text[j] === c ? 2 : 1;
      if (space && out.length > 0) out.push(' ');
      space = false;
      out.push(text.slice(i, j + 1));
      i = j + 1;
    } else if (/\s/.test(c)) {
      space = true;
      i++;
    } else {
      if (space && out.length > 0) out.push(' ');
      space = false;
      out.push(c);
      i++;
    }
  }
  const result = out.join('').trim();
  return result.endsWith(';') ? result.slice(0, -1).trimEnd() : result;
}

/**
 * The SQL as written, for people (plan preview, asset page): interpolations as `{{asset key}}` /
 * `{{partitionKey}}`, the common indentation removed, blank edges trimmed.
 *
 * @example
 * sqlText(sql`\n  select *\n  from ${orders}\n`) // 'select *\nfrom {{raw/orders}}'
 */
export function sqlText(query: SqlQuery): string {
  let text = query.strings[0]!;
  query.parts.forEach((part, i) => {
    text += part.kind === 'relation' ? `{{${query.relations[part.relation]!.assetKey}}}` : `{{${part.name}}}`;
    text += query.strings[i + 1]!;
  });
  const lines = text.replace(/^\s*\n/, '').trimEnd().split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n').trim();
}
