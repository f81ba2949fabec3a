import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { compiledDefinitions } from './compiled-definitions';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>, defs = 'baton.config.ts') {
  const dir = mkdtempSync(join(tmpdir(), 'baton-compile-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, defsPath: join(dir, defs), defsLabel: defs };
}

describe('compiledDefinitions: the definitions compiled once, keyed by the content of their files', () => {
  it('compiles the project files into one module, reuses it while they are unchanged, and recompiles after an edit', async () => {
    const location = project({
      'baton.config.ts': "import { rows } from './src/rows';\nconst n: number = rows.length;\nexport default { n, here: import.meta.url };\n",
      'src/rows.ts': 'export const rows: string[] = ["a", "b"];\n',
    });
    const first = await compiledDefinitions(location);
    expect(first?.url).toMatch(/\/\.baton\/cache\/definitions\/definitions-[0-9a-f]+\.mjs$/);
    expect([...first!.files].sort()).toEqual([location.defsPath, join(location.dir, 'src', 'rows.ts')].sort());
    const mod = (await import(first!.url)) as { default: { n: number; here: string } };
    // import.meta.url stays the file's own, not the cache's
    expect(mod.default).toEqual({ n: 2, here: pathToFileURL(location.defsPath).href });

    const cacheDir = join(location.dir, '.baton', 'cache', 'definitions');
    const written = statSync(join(cacheDir, readdirSync(cacheDir).find((f) => f.endsWith('.mjs'))!)).mtimeMs;
    const again = await compiledDefinitions(location);
    expect(again).toEqual(first);
    expect(statSync(new URL(again!.url)).mtimeMs).toBe(written); // read from the cache, not written again

    writeFileSync(join(location.dir, 'src', 'rows.ts'), 'export const rows: string[] = ["a", "b", "c"];\n');
    const edited = await compiledDefinitions(location);
    expect(edited!.url).not.toBe(first!.url);
    expect(((await import(edited!.url)) as { default: { n: number } }).default.n).toBe(3);

    // the replaced module is removed once it is a minute old; the current one stays
    const old = new URL(first!.url);
    utimesSync(old, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    writeFileSync(join(location.dir, 'src', 'rows.ts'), 'export const rows: string[] = [];\n');
    const third = await compiledDefinitions(location);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.mjs')).sort()).toEqual([new URL(edited!.url), new URL(third!.url)].map((u) => u.pathname.split('/').pop()).sort());
  });

  it('leaves to tsx what it cannot compile the same way: CommonJS names, syntax errors, .js and .cts files, files outside the project', async () => {
    expect(await compiledDefinitions(project({ 'baton.config.ts': 'export default { dir: __dirname };\n' }))).toBeUndefined();
    expect(await compiledDefinitions(project({ 'baton.config.ts': 'export default {;\n' }))).toBeUndefined();
    expect(await compiledDefinitions(project({ 'defs.js': 'export default {};\n' }, 'defs.js'))).toBeUndefined();
    expect(await compiledDefinitions(project({ 'defs.cts': 'export default {};\n' }, 'defs.cts'))).toBeUndefined();
    const outside = project({ 'x/baton.config.ts': 'export default {};\n' });
    expect(await compiledDefinitions({ ...outside, dir: join(outside.dir, 'y') })).toBeUndefined();
    const importsOutside = project({ 'app/baton.config.ts': "export { default } from '../shared';\n", 'shared.ts': 'export default {};\n' }, 'app/baton.config.ts');
    expect(await compiledDefinitions({ ...importsOutside, dir: join(importsOutside.dir, 'app') })).toBeUndefined();
  });

  it('is off with BATON_COMPILE_CACHE=0', async () => {
    process.env.BATON_COMPILE_CACHE = '0';
    try {
      expect(await compiledDefinitions(project({ 'baton.config.ts': 'export default {};\n' }))).toBeUndefined();
    } finally {
      delete process.env.BATON_COMPILE_CACHE;
    }
  });
});
