import SchemaBuilder from '@pothos/core';
import type { BatonContext } from '../context';

/** The one Pothos builder; every file under schema/ adds its types to it. */
export const builder = new SchemaBuilder<{
  Context: BatonContext;
  Scalars: {
    JSON: { Input: unknown; Output: unknown };
    /** Epoch milliseconds. */
    Timestamp: { Input: number; Output: number };
  };
  DefaultFieldNullability: false;
}>({ defaultFieldNullability: false });

builder.scalarType('JSON', {
  description: 'Any JSON value.',
  serialize: (v) => v,
  parseValue: (v) => v,
});

builder.scalarType('Timestamp', {
  description: 'A point in time as epoch milliseconds (UTC).',
  serialize: (v) => v,
  parseValue: (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError('Timestamp must be epoch milliseconds (a number)');
    return v;
  },
});

builder.queryType({ description: 'Read the catalog, lineage, runs, backfills and plan previews.' });
builder.mutationType({ description: 'Launch and control work. Requires `Authorization: Bearer <token>` when the server has a token.' });
builder.subscriptionType({ description: 'Live updates over server-sent events.' });
