/** Freezes plain objects and arrays recursively (results are shared by the daemon, API and UI). */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
  if (value instanceof Map || value instanceof Set) return Object.freeze(value);
  for (const v of Object.values(value as object)) deepFreeze(v);
  return Object.freeze(value);
}
