/** URLs of the modules imported through tsx, shared with bin/baton.mjs (which registers tsx itself when Baton runs from its sources). */
type Seen = Set<string>;
const holder = globalThis as { __batonImported?: Seen };

/**
 * Makes `import()` of TypeScript work in this process, once: registers tsx's ESM and CommonJS hooks
 * (a `.ts` file is CommonJS when the project's package.json has no `"type": "module"`). Called just
 * before the definitions load, after Baton's own (built) modules, so those load natively. Returns the
 * set of module URLs imported through tsx since, for `baton dev`'s watcher.
 *
 * @example
 * const seen = await registerTypeScript();
 * await import(pathToFileURL('/app/baton.config.ts').href);
 */
export async function registerTypeScript(): Promise<Seen> {
  if (holder.__batonImported) return holder.__batonImported;
  const seen: Seen = new Set();
  holder.__batonImported = seen;
  const [esm, cjs] = await Promise.all([import('tsx/esm/api'), import('tsx/cjs/api')]);
  esm.register({ onImport: (url) => seen.add(url) });
  cjs.register();
  return seen;
}
