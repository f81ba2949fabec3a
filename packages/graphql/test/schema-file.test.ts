import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printBatonSchema } from '../src/index';

describe('schema.graphql', () => {
  it('is up to date with the code-first schema', () => {
    const checkedIn = readFileSync(join(import.meta.dirname, '..', 'schema.graphql'), 'utf8');
    const current = printBatonSchema();
    if (checkedIn !== current) {
      throw new Error('packages/graphql/schema.graphql is out of date: run `npm run schema -w @baton/graphql` and commit the result');
    }
    expect(checkedIn).toContain('type Query');
  });
});
