import { TEST_POSTGRES_ENV } from '@baton/storage/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayParam, binaryArray } from '../src/internal/pg-binary-array';

const url = process.env[TEST_POSTGRES_ENV];

describe('binaryArray', () => {
  it('answers undefined for an integer array with a cell that is not an integer of its type (bound as text instead)', () => {
    expect(binaryArray('int8', 1, () => 1.5)).toBeUndefined();
    expect(binaryArray('int4', 1, () => 2 ** 31)).toBeUndefined();
    expect(binaryArray('int2', 1, () => '7')).toBeUndefined();
    expect(arrayParam('int4', [1, '2'])).toEqual([1, '2']);
    expect(binaryArray('int4', 2, (i) => [-(2 ** 31), 2 ** 31 - 1][i])).toBeInstanceOf(Buffer);
  });
});

describe.skipIf(!url)('[postgres] binaryArray', () => {
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: url! });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
  });
  const roundTrip = async (type: 'text' | 'int8' | 'int4' | 'int2', values: unknown[]) => {
    const param = binaryArray(type, values.length, (i) => values[i])!;
    const text = (await client.query({ text: `select $1::${type}[]::text as t`, values: [values] })).rows[0].t;
    const binary = (await client.query({ text: `select $1::${type}[]::text as t`, values: [param] })).rows[0].t;
    expect(binary).toBe(text); // the same array as pg's text encoding of the values
    return (await client.query({ text: `select $1::${type}[] as a`, values: [param] })).rows[0].a;
  };

  it('binds the same arrays as their text form: text with quotes, backslashes, braces, commas, non-ASCII and NULL', async () => {
    const texts = ['plain', '{"json": "body\\\\"}', 'a,b', '', ' ', 'NULL', null, 'é 日本 🎉', 'x'.repeat(70_000)];
    expect(await roundTrip('text', texts)).toEqual(texts);
    expect(await roundTrip('text', [])).toEqual([]);
    expect(await roundTrip('text', [null])).toEqual([null]);
  });

  it('binds integers of every width, negative and near the limits, and NULL', async () => {
    const int8 = [0, 1, -1, 1_700_000_000_123, -1_700_000_000_123, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 32, -(2 ** 32), null];
    expect((await roundTrip('int8', int8)).map((v: string | null) => (v === null ? null : Number(v)))).toEqual(int8);
    expect(await roundTrip('int4', [0, -1, 2 ** 31 - 1, -(2 ** 31), null])).toEqual([0, -1, 2 ** 31 - 1, -(2 ** 31), null]);
    expect(await roundTrip('int2', [0, 1, -1, 32_767, -32_768, null])).toEqual([0, 1, -1, 32_767, -32_768, null]);
    expect(await roundTrip('int8', [])).toEqual([]);
  });
});
