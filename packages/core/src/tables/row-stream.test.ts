import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rowValidator } from '../quality/validated-row-stream';
import { collectRows, isRowStream, rowBatches, streamColumns, tapRowStream } from './row-stream';

const gen = function* (n: number) {
  for (let i = 0; i < n; i++) yield { id: i };
};
const agen = async function* (n: number) {
  for (let i = 0; i < n; i++) yield { id: i };
};
const all = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('row streams', () => {
  it('tells streams (generators, async iterables) from values (arrays, Maps, Sets, strings, plain objects)', () => {
    expect(isRowStream(gen(1))).toBe(true);
    expect(isRowStream(agen(1))).toBe(true);
    for (const v of [[{ id: 1 }], new Map(), new Set(), 'text', { id: 1 }, null, undefined, 3]) expect(isRowStream(v)).toBe(false);
  });

  it('batches arrays, generators and async iterables alike, one batch at a time', async () => {
    for (const source of [Array.from(gen(7)), gen(7), agen(7)]) {
      expect((await all(rowBatches('a/b', source, 3))).map((b) => b.map((r) => r.id))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    }
    await expect(all(rowBatches('a/b', [{ id: 1 }, 2], 10))).rejects.toThrow(/Asset "a\/b" row 1 is number; a table IO manager stores row objects/);
  });

  it('validates each row as it passes, keeping a generator synchronous', async () => {
    const check = rowValidator(z.array(z.object({ id: z.int().max(4) })), 'Asset "a/b"')!;
    const tapped = tapRowStream(gen(10), check);
    expect(Symbol.asyncIterator in tapped).toBe(false);
    expect(() => [...(tapped as Iterable<unknown>)]).toThrow(/Asset "a\/b": output failed validation at streamed row 5: id: Too big/);
    await expect(collectRows(tapRowStream(agen(3), check))).resolves.toEqual([{ id: 0 }, { id: 1 }, { id: 2 }]);
    expect(rowValidator(z.object({ id: z.int() }))).toBeUndefined();
  });

  it('takes a stream\'s columns from its output schema, and refuses a stream without one', () => {
    expect(streamColumns('a/b', z.array(z.object({ id: z.int(), note: z.string().nullable() })))).toEqual([
      { name: 'id', type: 'integer', nullable: false },
      { name: 'note', type: 'text', nullable: true },
    ]);
    expect(() => streamColumns('a/b', undefined)).toThrow(/Asset "a\/b" returned a row stream but has no array-of-objects output schema/);
  });
});
