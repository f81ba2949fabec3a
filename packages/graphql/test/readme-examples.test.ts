import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSelection } from '@baton/core';
import { describe, expect, it } from 'vitest';
// the schema is built with the graphql copy Node resolves; validate with the same one
import { parse, validate } from 'graphql/index.js';
import { batonSchema } from '../src/index';

const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
const api = readme.slice(readme.indexOf('## API'), readme.indexOf('\n## ', readme.indexOf('## API') + 1));
const examples = [...api.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('README API examples', () => {
  it('has three or more examples', () => expect(examples.length).toBeGreaterThanOrEqual(3));
  for (const [i, text] of examples.entries()) {
    it(`example ${i + 1} is valid against the schema`, () => {
      expect(validate(batonSchema(), parse(text)).map((e) => e.message)).toEqual([]);
      for (const m of text.matchAll(/selection: "([^"]+)"/g)) expect(() => parseSelection(m[1]!)).not.toThrow();
    });
  }
});
