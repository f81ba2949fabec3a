import { BatonError } from '../errors/baton-error';
import { didYouMean } from '../internal/did-you-mean';
import { check, type CheckDefinition } from './check';

/**
 * Validates a project's checks against its asset keys: every check names a defined asset (with a
 * did-you-mean hint) and check names are unique per asset. Returns the checks grouped by asset key.
 *
 * @example
 * const byAsset = validateChecks([notEmpty], ['raw/orders']);
 * byAsset.get('raw/orders'); // [notEmpty]
 */
export function validateChecks(checks: readonly unknown[], assetKeys: readonly string[]): ReadonlyMap<string, readonly CheckDefinition[]> {
  const keys = new Set(assetKeys);
  const byAsset = new Map<string, CheckDefinition[]>();
  checks.forEach((c, i) => {
    if (!check.is(c)) {
      throw new BatonError('INVALID_DEFINITION', `definitions(): checks[${i}] is not a check definition`, { hint: 'create checks with check({ name, asset, severity, fn })', details: { index: i } });
    }
    if (!keys.has(c.assetKey)) {
      const guess = didYouMean(c.assetKey, keys);
      throw new BatonError('UNKNOWN_ASSET_KEY', `Check "${c.name}" (checks[${i}]) is on asset "${c.assetKey}", which is not defined`, {
        hint: guess ? `did you mean "${guess}"?` : 'add the asset to `assets` or fix the check\'s asset',
        details: { checkName: c.name, assetKey: c.assetKey, suggestion: guess },
      });
    }
    const list = byAsset.get(c.assetKey) ?? [];
    if (list.some((other) => other.name === c.name)) {
      throw new BatonError('INVALID_DEFINITION', `Asset "${c.assetKey}" has two checks named "${c.name}" (checks[${i}])`, {
        hint: 'check names must be unique per asset: rename one of them',
        details: { checkName: c.name, assetKey: c.assetKey },
      });
    }
    list.push(c);
    byAsset.set(c.assetKey, list);
  });
  return byAsset;
}
