import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ProjectLocation } from '../project/resolve-project';

/** How `tsc` is started for a project: node + the tsc script + its arguments, in the project directory. */
export interface TscCommand {
  readonly tscPath: string;
  readonly args: readonly string[];
  readonly cwd: string;
  /** The tsconfig.json used, or null when the strict defaults check the definitions file alone. */
  readonly tsconfig: string | null;
}

/** Used when the project has no tsconfig.json: what `baton init` scaffolds, strict. */
export const DEFAULT_TSC_OPTIONS = [
  '--strict', '--noEmit', '--skipLibCheck', '--target', 'es2023', '--lib', 'es2023,dom,dom.iterable',
  '--module', 'preserve', '--moduleResolution', 'bundler', '--resolveJsonModule', '--allowImportingTsExtensions',
] as const;

/**
 * The CLI running from its TypeScript sources means a Baton checkout: its workspace packages resolve to
 * their sources too (the `@baton/source` export condition), so a project without a tsconfig.json
 * type-checks against them without a build. Installed from npm, the CLI runs built JavaScript.
 */
const SOURCE_CONDITION = import.meta.url.endsWith('.ts') ? ['--customConditions', '@baton/source'] : [];

/**
 * The type-check command of a project: its own `tsconfig.json` when present (`tsc --noEmit -p`),
 * else the definitions file under strict defaults. Uses the project's own TypeScript when it has
 * one, else the CLI's.
 *
 * @example
 * tscCommand(location, { watch: true }) // { tscPath: '…/typescript/bin/tsc', args: ['--noEmit', '-p', '…/tsconfig.json', '--watch', …] }
 */
export function tscCommand(location: ProjectLocation, options: { watch?: boolean } = {}): TscCommand {
  const tsconfig = join(location.dir, 'tsconfig.json');
  const hasConfig = existsSync(tsconfig);
  const tscPath = resolveTsc(location.dir);
  // TypeScript 6 refuses files on the command line when a tsconfig.json is found above them
  const ignoreConfig = !hasConfig && majorVersion(tscPath) >= 6 ? ['--ignoreConfig'] : [];
  // TypeScript 6 includes no @types by default: Node's when the project can resolve them
  const nodeTypes = resolvesFrom(location.dir, '@types/node/package.json') ? ['--types', 'node'] : [];
  const base = hasConfig ? ['--noEmit', '-p', tsconfig] : [...ignoreConfig, ...DEFAULT_TSC_OPTIONS, ...nodeTypes, ...SOURCE_CONDITION, location.defsPath];
  const watch = options.watch ? ['--watch', '--preserveWatchOutput'] : [];
  return { tscPath, args: [...base, ...watch, '--pretty', 'false'], cwd: location.dir, tsconfig: hasConfig ? tsconfig : null };
}

function majorVersion(tscPath: string): number {
  try {
    const manifest = JSON.parse(readFileSync(join(dirname(tscPath), '..', 'package.json'), 'utf8')) as { version?: string };
    return Number.parseInt(manifest.version ?? '0', 10);
  } catch {
    return 0;
  }
}

function resolvesFrom(dir: string, specifier: string): boolean {
  try {
    createRequire(join(dir, 'package.json')).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

function resolveTsc(projectDir: string): string {
  try {
    return createRequire(join(projectDir, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  }
}
