/** Element types of the arrays Baton binds on PostgreSQL (`unnest($n::type[])`). */
export type PgArrayType = 'text' | 'int8' | 'int4' | 'int2';

const ELEMENT_OID: Record<PgArrayType, number> = { text: 25, int8: 20, int4: 23, int2: 21 };
const WIDTH: Record<PgArrayType, number> = { text: 0, int8: 8, int4: 4, int2: 2 };
const TWO_32 = 4_294_967_296;
const LIMIT: Record<PgArrayType, number> = { text: 0, int8: Number.MAX_SAFE_INTEGER, int4: 2_147_483_647, int2: 32_767 };

/** Big-endian int32 at `at` (Buffer's writeInt32BE checks its arguments on every call). */
function int32(buf: Buffer, at: number, v: number): void {
  buf[at] = v >>> 24;
  buf[at + 1] = v >>> 16;
  buf[at + 2] = v >>> 8;
  buf[at + 3] = v;
}

const utf8Write = (Buffer.prototype as unknown as { utf8Write?: (this: Buffer, s: string, at: number) => number }).utf8Write
  ?? function (this: Buffer, s: string, at: number) { return this.write(s, at); };

/**
 * A one-dimensional array parameter in PostgreSQL's binary format (`array_send`): node-postgres sends a
 * Buffer parameter as binary, so the array is neither quoted and escaped here (pg's text arrays cost
 * ~5 µs per event of an append) nor parsed by `array_in` on the server. Cell `i` is `get(i)`; null and
 * undefined are NULL. Answers undefined when a cell of an integer array is not an integer of the type's
 * range: the caller binds it as text, so the server refuses it as it always did.
 *
 * @example
 * client.query('select unnest($1::text[])', [binaryArray('text', 2, (i) => ['a', null][i])]);
 */
export function binaryArray(type: PgArrayType, length: number, get: (i: number) => unknown): Buffer | undefined {
  const width = WIDTH[type];
  const limit = LIMIT[type];
  let size = 20 + 4 * length;
  for (let i = 0; i < length; i++) {
    const v = get(i);
    if (v == null) continue;
    if (width === 0) size += Buffer.byteLength(typeof v === 'string' ? v : String(v));
    else if (typeof v !== 'number' || !Number.isInteger(v) || v > limit || v < -limit - 1) return undefined;
    else size += width;
  }
  const buf = Buffer.allocUnsafe(length === 0 ? 12 : size);
  let hasNull = 0;
  let at = 20;
  for (let i = 0; i < length; i++) {
    const v = get(i);
    if (v == null) {
      int32(buf, at, -1);
      at += 4;
      hasNull = 1;
    } else if (width === 0) {
      const written = utf8Write.call(buf, typeof v === 'string' ? v : String(v), at + 4);
      int32(buf, at, written);
      at += 4 + written;
    } else {
      const n = v as number;
      int32(buf, at, width);
      if (width === 8) {
        const high = Math.floor(n / TWO_32);
        int32(buf, at + 4, high);
        int32(buf, at + 8, n - high * TWO_32);
      } else if (width === 4) int32(buf, at + 4, n);
      else {
        buf[at + 4] = n >>> 8;
        buf[at + 5] = n;
      }
      at += 4 + width;
    }
  }
  int32(buf, 0, length === 0 ? 0 : 1); // dimensions
  int32(buf, 4, hasNull);
  int32(buf, 8, ELEMENT_OID[type]);
  if (length > 0) {
    int32(buf, 12, length);
    int32(buf, 16, 1); // lower bound
  }
  return buf;
}

/**
 * `values` as an array parameter of `type`: binary (see `binaryArray`), or the values themselves (pg's
 * text array) when a cell does not fit the type.
 */
export function arrayParam(type: PgArrayType, values: readonly unknown[]): Buffer | readonly unknown[] {
  return binaryArray(type, values.length, (i) => values[i]) ?? values;
}
