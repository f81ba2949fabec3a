/**
 * Deep-freezes a tree of plain objects and arrays (plans, tick results) and returns it typed as given.
 * Arrays are taken to be homogeneous: one whose first item is not an object (a list of keys) is not
 * walked, which keeps freezing a plan over 100k partitions cheap. Maps and Sets are frozen shallowly,
 * typed arrays are left as they are.
 *
 * @example
 * const plan = deepFreeze({ runs: [{ steps: ['a'] }] });
 * Object.isFrozen(plan.runs[0]) // true
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
  Object.freeze(value);
  if (value instanceof Map || value instanceof Set) return value;
  if (Array.isArray(value)) {
    if (value.length > 0 && (value[0] === null || typeof value[0] !== 'object')) return value;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item !== null && typeof item === 'object') deepFreeze(item);
    }
    return value;
  }
  for (const key in value) {
    const item: unknown = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object') deepFreeze(item);
  }
  return value;
}
