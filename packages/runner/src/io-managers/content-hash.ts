import { createHash, randomUUID, type Hash } from 'node:crypto';

/** Length of a content data version: the first 128 bits of a SHA-256, in hex. */
const HEX = 32;

/**
 * A stable hash of bytes or text, as a data version: the same content gives the same version on
 * every machine. IO managers that write bytes return it from `handleOutput` (`{ contentHash }`).
 *
 * @example
 * contentHash('{"n":1}') // '…32 hex chars…'
 */
export function contentHash(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex').slice(0, HEX);
}

/** The content hash of `null` (its JSON text `null`): `valueHash(null)` and `contentHash('null')`, computed once. */
export const NULL_CONTENT_HASH = contentHash('null');

/**
 * A stable hash of a value by a canonical serialisation: object keys sorted, Map entries and Set
 * members sorted by their own serialisation, Dates as ISO text, bigints and typed arrays tagged,
 * `undefined` object fields skipped as JSON does. Two values that serialise to the same JSON (up to
 * key order) get the same hash. The value is fed to the hash piece by piece (no whole-value string).
 *
 * @example
 * valueHash({ b: 1, a: [2] }) === valueHash({ a: [2], b: 1 }) // true
 */
export function valueHash(value: unknown): string {
  const hash = createHash('sha256');
  feed(hash, value, new Set());
  return hash.digest('hex').slice(0, HEX);
}

/** A fresh data version for a materialization whose content is unknown (the asset returned nothing). */
export function uniqueDataVersion(): string {
  return randomUUID().replaceAll('-', '');
}

/** Prefix of the data version of an output with no value at all (`undefined`). */
const NO_VALUE = 'none:';

/**
 * The data version of an output with no value (the asset returned `undefined`, e.g. it ran for its
 * side effects): new every time, like `uniqueDataVersion()`, and recognisable (`isNoValueVersion`),
 * so an IO manager can answer a load of it without having stored anything.
 *
 * @example
 * noValueDataVersion() // 'none:…32 hex chars…'
 */
export function noValueDataVersion(): string {
  return NO_VALUE + uniqueDataVersion();
}

/** True when a data version names no stored value: the `null` content hash or a `noValueDataVersion()`. */
export function isNoValueVersion(version: string | undefined): boolean {
  return version !== undefined && (version === NULL_CONTENT_HASH || version.startsWith(NO_VALUE));
}

/** The full hash of one Map key or Set member, to sort them canonically. */
function serialized(value: unknown, seen: Set<object>): string {
  const hash = createHash('sha256');
  feed(hash, value, seen);
  return hash.digest('hex');
}

function feed(hash: Hash, value: unknown, seen: Set<object>): void {
  switch (typeof value) {
    case 'string': hash.update(JSON.stringify(value)); return;
    case 'number': hash.update(Number.isFinite(value) ? JSON.stringify(value) : `#${String(value)}`); return;
    case 'boolean': hash.update(value ? 'true' : 'false'); return;
    case 'bigint': hash.update(`#big:${value.toString()}`); return;
    case 'undefined': hash.update('#undef'); return;
    case 'function': case 'symbol': hash.update('null'); return;
  }
  if (value === null) {
    hash.update('null');
    return;
  }
  const obj = value as object;
  if (seen.has(obj)) throw new TypeError('cannot hash a value with a circular reference (return plain data, or have the IO manager return a contentHash)');
  seen.add(obj);
  if (obj instanceof Date) hash.update(`#date:${Number.isNaN(obj.getTime()) ? 'invalid' : obj.toISOString()}`);
  else if (ArrayBuffer.isView(obj)) {
    hash.update(`#bytes:${obj.constructor.name}:${obj.byteLength}:`);
    hash.update(new Uint8Array(obj.buffer, obj.byteOffset, obj.byteLength));
  } else if (obj instanceof ArrayBuffer) {
    hash.update(`#bytes:ArrayBuffer:${obj.byteLength}:`);
    hash.update(new Uint8Array(obj));
  } else if (Array.isArray(obj)) {
    hash.update('[');
    for (let i = 0; i < obj.length; i++) {
      if (i > 0) hash.update(',');
      feed(hash, obj[i], seen);
    }
    hash.update(']');
  } else if (obj instanceof Map) {
    hash.update('#map{');
    const entries = [...obj].map(([k, v]) => [serialized(k, seen), k, v] as const).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    for (const [, k, v] of entries) {
      feed(hash, k, seen);
      hash.update('=>');
      feed(hash, v, seen);
      hash.update(',');
    }
    hash.update('}');
  } else if (obj instanceof Set) {
    hash.update('#set[');
    for (const member of [...obj].map((m) => serialized(m, seen)).sort()) hash.update(`${member},`);
    hash.update(']');
  } else {
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      seen.delete(obj);
      feed(hash, toJSON.call(obj), seen);
      return;
    }
    hash.update('{');
    for (const key of Object.keys(obj).sort()) {
      const v = (obj as Record<string, unknown>)[key];
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      hash.update(JSON.stringify(key));
      hash.update(':');
      feed(hash, v, seen);
      hash.update(',');
    }
    hash.update('}');
  }
  seen.delete(obj);
}
