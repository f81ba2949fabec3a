/**
 * The exports of a module loaded with `import()`, whatever its module kind: a TypeScript file in a
 * package without `"type": "module"` is compiled to CommonJS, and its namespace is then
 * `{ default: { __esModule: true, default, ...named } }`; this returns the inner object, so
 * `default` and named exports read the same for both kinds.
 *
 * @example
 * const exports = moduleExports(await import(pathToFileURL('/app/baton.config.ts').href));
 * exports.default // the definitions, ESM or CommonJS
 */
export function moduleExports(namespace: Record<string, unknown>): Record<string, unknown> {
  const inner = namespace.default;
  if (typeof inner === 'object' && inner !== null && (inner as { __esModule?: unknown }).__esModule === true) return inner as Record<string, unknown>;
  return namespace;
}
