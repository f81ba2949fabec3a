import { builder } from './builder';

export interface PageInfoShape {
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

export const PageInfo = builder.objectRef<PageInfoShape>('PageInfo').implement({
  description: 'Cursor pagination: pass `endCursor` as `after` to get the next page.',
  fields: (t) => ({
    endCursor: t.exposeString('endCursor', { nullable: true }),
    hasNextPage: t.exposeBoolean('hasNextPage'),
  }),
});

export const Tag = builder.objectRef<{ key: string; value: string }>('Tag').implement({
  fields: (t) => ({ key: t.exposeString('key'), value: t.exposeString('value') }),
});

export const tagsOf = (tags: Readonly<Record<string, string>>) => Object.entries(tags).map(([key, value]) => ({ key, value }));

export const KeyRange = builder.objectRef<readonly [string, string]>('KeyRange').implement({
  description: 'An inclusive range of partition keys in key order.',
  fields: (t) => ({
    firstKey: t.string({ resolve: (r) => r[0] }),
    lastKey: t.string({ resolve: (r) => r[1] }),
  }),
});

export const TagInput = builder.inputType('TagInput', {
  fields: (t) => ({ key: t.string({ required: true }), value: t.string() }),
});

export const KeyRangeInput = builder.inputType('KeyRangeInput', {
  description: 'An inclusive range: partition keys, or ISO dates for time partitions.',
  fields: (t) => ({ from: t.string({ required: true }), to: t.string({ required: true }) }),
});

/** Opaque cursor helpers (base64url of a string). */
export const encodeCursor = (value: string) => Buffer.from(value, 'utf8').toString('base64url');
export const decodeCursor = (cursor: string) => Buffer.from(cursor, 'base64url').toString('utf8');
