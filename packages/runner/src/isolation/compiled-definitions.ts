import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where a project's definitions module is: the project folder (which holds `.baton/`) and the module's path. */
export interface DefinitionsLocation {
  readonly dir: string;
  readonly defsPath: string;
}

/** The compiled definitions module: plain JavaScript to `import()`, and the project files it came from. */
export interface CompiledDefinitions {
  readonly url: string;
  readonly files: readonly string[];
}

interface Manifest {
  readonly output: string;
  readonly inputs: readonly { readonly path: string; readonly hash: string }[];
}

/** Bump when the compile options change, so older cached modules are not reused. */
const FORMAT = 1;
const COMPILABLE = new Set(['.ts', '.mts']);
/** CommonJS-only names: a project file using them runs through tsx, which gives it CommonJS semantics. */
const COMMONJS = /\b(__dirname|__filename|require\s*\(|module\.exports|exports\.)/;

const sha = (text: string | Uint8Array) => createHash('sha256').update(text).digest('hex').slice(0, 20);

/**
 * The project's definitions compiled once to one JavaScript module under `.baton/cache/definitions/`
 * (esbuild: the project's own files bundled, every package left as an import), keyed by the content
 * of every file it was built from. A start whose files are unchanged imports the cached module with
 * plain node: no TypeScript loader, no compile. Returns undefined (the caller loads with tsx) for
 * what this cannot do the same way: a definitions file that is not `.ts`/`.mts` or lies outside the
 * project folder, a relative import of a file outside it, project files using CommonJS names
 * (`__dirname`, `require`), or a compile error (tsx then reports it with its location).
 *
 * @example
 * const compiled = await compiledDefinitions({ dir: '/app', defsPath: '/app/baton.config.ts' });
 * if (compiled) await import(compiled.url);
 */
export async function compiledDefinitions(project: DefinitionsLocation): Promise<CompiledDefinitions | undefined> {
  if (process.env.BATON_COMPILE_CACHE === '0') return undefined;
  const defsPath = resolve(project.defsPath);
  const root = resolve(project.dir) + sep;
  if (!COMPILABLE.has(extname(defsPath)) || !defsPath.startsWith(root)) return undefined;
  const cacheDir = join(project.dir, '.baton', 'cache', 'definitions');
  const manifestPath = join(cacheDir, `${sha(`${FORMAT}\0${defsPath}`)}.json`);
  const cached = readManifest(manifestPath);
  if (cached && cached.inputs.every((input) => hashOf(input.path) === input.hash)) {
    return { url: pathToFileURL(join(cacheDir, cached.output)).href, files: cached.inputs.map((i) => i.path) };
  }
  return compile(defsPath, project.dir, cacheDir, manifestPath);
}

/** Compiled modules no manifest names any more, once a minute old (a process may be about to import one). */
function pruneOutputs(cacheDir: string): void {
  try {
    const names = readdirSync(cacheDir);
    const kept = new Set(names.filter((n) => n.endsWith('.json')).map((n) => readManifest(join(cacheDir, n))?.output));
    const old = Date.now() - 60_000;
    for (const name of names) {
      if (!/^definitions-[0-9a-f]+\.mjs$/.test(name) || kept.has(name)) continue;
      if (statSync(join(cacheDir, name)).mtimeMs < old) unlinkSync(join(cacheDir, name));
    }
  } catch {
    // another process pruned it first
  }
}

function readManifest(path: string): Manifest | undefined {
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    return hashOf(join(dirname(path), manifest.output)) === undefined ? undefined : manifest;
  } catch {
    return undefined;
  }
}

function hashOf(path: string): string | undefined {
  try {
    return sha(readFileSync(path));
  } catch {
    return undefined;
  }
}

async function compile(defsPath: string, projectDir: string, cacheDir: string, manifestPath: string): Promise<CompiledDefinitions | undefined> {
  const { build } = await import('esbuild');
  const root = resolve(projectDir) + sep;
  let commonjs = false;
  let outside = false;
  // the hash of exactly what was compiled: a file edited during the compile must not be recorded as up to date
  const compiledHashes = new Map<string, string>();
  let result;
  try {
    result = await build({
      absWorkingDir: projectDir,
      entryPoints: [defsPath],
      outfile: join(cacheDir, 'definitions.mjs'), // not written (write: false); source map paths are relative to it
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node20.19',
      write: false,
      metafile: true,
      sourcemap: 'inline',
      sourcesContent: false,
      logLevel: 'silent',
      plugins: [
        {
          name: 'project-file-meta',
          setup(b) {
            // each bundled file keeps its own import.meta.url/dirname/filename, as if it were imported where it is
            b.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
              // a relative or absolute import leaving the project (a package is imported by name): tsx loads it where it is
              if (!args.path.startsWith(root) || args.path.includes(`${sep}node_modules${sep}`)) outside = true;
              const bytes = readFileSync(args.path);
              compiledHashes.set(resolve(args.path), sha(bytes));
              const text = bytes.toString('utf8');
              if (COMMONJS.test(text)) commonjs = true;
              const contents = text
                .replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href))
                .replace(/\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(args.path)))
                .replace(/\bimport\.meta\.filename\b/g, JSON.stringify(args.path));
              const ext = extname(args.path).replace(/^\.[cm]?/, '');
              return { contents, loader: ext === 'tsx' || ext === 'jsx' || ext === 'ts' ? (ext as 'ts' | 'tsx' | 'jsx') : 'js' };
            });
          },
        },
      ],
    });
  } catch {
    return undefined; // a syntax error: tsx reports it the usual way
  }
  if (commonjs || outside) return undefined;
  const code = result.outputFiles[0]!.contents;
  const inputs = Object.keys(result.metafile.inputs).map((p) => resolve(projectDir, p));
  const output = `definitions-${sha(code)}.mjs`;
  const manifest: Manifest = { output, inputs: inputs.map((path) => ({ path, hash: compiledHashes.get(path) ?? hashOf(path) ?? '' })) };
  try {
    mkdirSync(cacheDir, { recursive: true });
    const tmp = join(cacheDir, `.${output}.${process.pid}.tmp`);
    writeFileSync(tmp, code);
    renameSync(tmp, join(cacheDir, output));
    writeFileSync(`${manifestPath}.${process.pid}.tmp`, JSON.stringify(manifest));
    renameSync(`${manifestPath}.${process.pid}.tmp`, manifestPath);
  } catch {
    return undefined; // a read-only project: tsx compiles in memory instead
  }
  pruneOutputs(cacheDir);
  return { url: pathToFileURL(join(cacheDir, output)).href, files: inputs.filter((p) => !relative(projectDir, p).startsWith('..')) };
}
