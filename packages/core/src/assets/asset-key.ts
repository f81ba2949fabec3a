import { BatonError } from '../errors/baton-error';

const SEGMENT_CHAR = /[A-Za-z0-9_.-]/;
const VALID_KEY = /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*$/;
const RULE = 'Asset keys are "/"-separated segments of letters, digits, "_", "-" and ".", e.g. "raw/users"';

/** True when `key` is a valid asset key (`raw/users`, `marts/daily_orders.v2`). */
export function isValidAssetKey(key: unknown): key is string {
  return typeof key === 'string' && VALID_KEY.test(key);
}

/** Says what is wrong with an invalid key, or undefined when the key is valid. */
export function describeInvalidAssetKey(key: unknown): string | undefined {
  if (typeof key !== 'string') return `the key must be a string, got ${key === null ? 'null' : typeof key}`;
  if (VALID_KEY.test(key)) return undefined;
  if (key.length === 0) return 'the key is empty';
  const segments = key.split('/');
  for (let s = 0; s < segments.length; s++) {
    if (segments[s] === '') {
      if (s === 0) return 'it starts with "/"';
      if (s === segments.length - 1) return 'it ends with "/"';
      return `segment ${s + 1} is empty ("//")`;
    }
  }
  for (let i = 0; i < key.length; i++) {
    const ch = key[i]!;
    if (ch !== '/' && !SEGMENT_CHAR.test(ch)) return `character ${JSON.stringify(ch)} at position ${i + 1} is not allowed`;
  }
  return 'it is not a valid key';
}

/**
 * Throws INVALID_ASSET_KEY naming what is wrong and showing a valid example; returns the key otherwise.
 *
 * @example
 * assertAssetKey('raw/users')  // 'raw/users'
 * assertAssetKey('raw//users') // throws: Invalid asset key "raw//users": segment 2 is empty ("//"). Asset keys are …
 */
export function assertAssetKey(key: unknown, where?: string): string {
  const problem = describeInvalidAssetKey(key);
  if (problem === undefined) return key as string;
  const shown = typeof key === 'string' ? JSON.stringify(key) : String(key);
  throw new BatonError('INVALID_ASSET_KEY', `Invalid asset key ${shown}${where ? ` (${where})` : ''}: ${problem}`, {
    hint: RULE,
    details: { assetKey: key, problem },
  });
}
