/** Deep-freezes a plain tree of objects and arrays (plan nodes), returning it typed as given. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (Array.isArray(value)) {
      // plan arrays are homogeneous: an array of strings needs no walk
      if (value.length > 0 && (value[0] === null || typeof value[0] !== 'object')) return value;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item !== null && typeof item === 'object') deepFreeze(item);
      }
    } else {
      for (const key in value) {
        const item: unknown = (value as Record<string, unknown>)[key];
        if (item !== null && typeof item === 'object') deepFreeze(item);
      }
    }
  }
  return value;
}
