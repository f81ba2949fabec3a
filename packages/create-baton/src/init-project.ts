import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import manifest from '../package.json' with { type: 'json' };
import { InitConflictError } from './init-conflict-error';
import { scaffoldFiles, scaffoldManifest } from './scaffold-files';

export interface InitProjectOptions {
  /** The project folder (created when missing). */
  readonly dir: string;
  /** package.json's name; default: the folder's name. */
  readonly name?: string;
  /** The Baton version to depend on; default: this package's version (the CLI's, as they are released together). */
  readonly version?: string;
}

export interface InitProjectResult {
  readonly dir: string;
  /** Files written, relative to dir. */
  readonly created: readonly string[];
  /** True when an existing package.json was extended rather than written. */
  readonly extendedPackageJson: boolean;
}

type Json = Record<string, unknown>;

/**
 * Scaffolds a Baton project in `dir`. Nothing is overwritten: every file is checked before any is
 * written, and one that exists is an InitConflictError naming it. An existing package.json is extended:
 * missing `type`, scripts and dependencies are added and existing values kept.
 *
 * @example
 * initProject({ dir: 'my-project' }).created // ['package.json', 'tsconfig.json', 'baton.config.ts', …]
 */
export function initProject(options: InitProjectOptions): InitProjectResult {
  const dir = resolve(options.dir);
  const name = options.name ?? packageName(basename(dir));
  const version = options.version ?? manifest.version;
  const files = scaffoldFiles({ name, version });
  const pkgPath = join(dir, 'package.json');
  const existing = existsSync(pkgPath) ? readManifest(pkgPath) : undefined;
  for (const file of files) {
    if (file.path === 'package.json' && existing) continue;
    const path = join(dir, file.path);
    if (existsSync(path)) {
      throw new InitConflictError(path, `${file.path} already exists in ${dir}; baton init never overwrites a file`, 'move it away, or init another folder (baton init <dir>)');
    }
  }
  const merged = existing ? extendManifest(existing, scaffoldManifest({ name, version }), pkgPath) : undefined;
  mkdirSync(dir, { recursive: true });
  const created: string[] = [];
  for (const file of files) {
    const path = join(dir, file.path);
    if (file.path === 'package.json' && merged) {
      writeFileSync(path, `${JSON.stringify(merged, null, 2)}\n`);
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.text, { flag: 'wx' });
    created.push(file.path);
  }
  return { dir, created, extendedPackageJson: merged !== undefined };
}

function readManifest(path: string): Json {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  } catch {
    // reported below
  }
  throw new InitConflictError(path, `${path} is not a JSON object`, 'fix or remove it, then run init again');
}

/** Adds what the scaffold needs to an existing package.json; keeps every existing value. */
function extendManifest(existing: Json, wanted: ReturnType<typeof scaffoldManifest>, path: string): Json {
  const out: Json = { ...existing };
  if (out.type === undefined) out.type = wanted.type;
  const scripts = { ...((existing.scripts as Record<string, string> | undefined) ?? {}) };
  for (const [script, command] of Object.entries(wanted.scripts)) {
    if (scripts[script] === undefined) scripts[script] = command;
    else if (scripts[script] !== command) {
      throw new InitConflictError(path, `package.json already has a "${script}" script ("${scripts[script]}"); baton init would set it to "${command}"`, `rename or remove that script, then run init again`);
    }
  }
  out.scripts = scripts;
  const declared = (field: string) => ({ ...((existing[field] as Record<string, string> | undefined) ?? {}) });
  const deps = declared('dependencies');
  const devDeps = declared('devDependencies');
  const has = (dep: string) => deps[dep] !== undefined || devDeps[dep] !== undefined;
  for (const [dep, range] of Object.entries(wanted.dependencies)) if (!has(dep)) deps[dep] = range;
  for (const [dep, range] of Object.entries(wanted.devDependencies)) if (!has(dep)) devDeps[dep] = range;
  out.dependencies = deps;
  out.devDependencies = devDeps;
  out.overrides = { ...wanted.overrides, ...((existing.overrides as Json | undefined) ?? {}) };
  return out;
}

/** A folder name as an npm package name: lower case, no spaces. */
function packageName(folder: string): string {
  const name = folder.toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+|-+$/g, '');
  return name || 'baton-project';
}
