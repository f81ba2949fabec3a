import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type DocumentNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { measureOperation } from '../src/index';
import { PLANNER_FIELDS } from '../src/internal/field-costs';
import { batonSchema } from '../src/schema/index';

const QUERIES = join(import.meta.dirname, '..', '..', '..', 'apps', 'web', 'src', 'api', 'queries');

/** Every `graphql(`…`)` document of the web UI's query files, fragments resolved by name. */
function uiDocuments(): { name: string; document: DocumentNode }[] {
  const sources = readdirSync(QUERIES).filter((f) => f.endsWith('.ts')).flatMap((f) => [...readFileSync(join(QUERIES, f), 'utf8').matchAll(/graphql\(\s*`([^`]*)`/g)].map((m) => m[1]!));
  const fragments = sources.filter((s) => /^\s*fragment\s/.test(s)).map((s) => s.replace(/@_unmask/g, ''));
  return sources
    .filter((s) => /^\s*(query|mutation|subscription)\b/.test(s))
    .map((s) => {
      const used = fragments.filter((f) => s.includes(`...${/fragment\s+(\w+)/.exec(f)![1]}`));
      return { name: /^\s*\w+\s+(\w+)/.exec(s)?.[1] ?? s.slice(0, 40), document: parse([s, ...used].join('\n')) };
    });
}

// Schema defaults and variable defaults count in the cost: the UI's own requests must stay well
// within the default limits (50,000, 3 plans or previews) for a catalog of 10,000 asset partitions.
describe('the web UI stays within the default query limits', () => {
  it('every UI document costs less than 50,000 with default page sizes and at most 3 plans', () => {
    const docs = uiDocuments();
    expect(docs.length).toBeGreaterThan(10);
    const costs = { expensive: PLANNER_FIELDS, weight: (c: string) => (PLANNER_FIELDS.has(c) ? 10 + 1_000 : c.startsWith('Asset.') && /staleCauses|partitionStatus/.test(c) ? 11 : undefined) };
    const over = docs
      .map(({ name, document }) => ({ name, ...measureOperation(document, undefined, {}, { schema: batonSchema(), costs }) }))
      .filter((m) => m.cost >= 50_000 || m.expensiveTotal > 3)
      .map((m) => `${m.name}: cost ${m.cost}, ${m.expensiveTotal} plans`);
    expect(over).toEqual([]);
  });
});
