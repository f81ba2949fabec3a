import { existsSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from '../cli/usage-error';

/** Where a project lives and which file holds its definitions. */
export interface ProjectLocation {
  /** Absolute project directory (storage default: `<dir>/.baton/`). */
  readonly dir: string;
  /** Absolute path of the definitions module. */
  readonly defsPath: string;
  /** `defsPath` relative to `dir`, for messages. */
  readonly defsLabel: string;
}

export const CONFIG_FILE = 'baton.config.ts';

/**
 * The project directory (`--project-dir` or the current directory) and its definitions module
 * (`--defs`, else `baton.config.ts` at the project root).
 *
 * @example
 * resolveProject({ projectDir: 'examples/warehouse-rollups' }).defsPath // …/examples/warehouse-rollups/baton.config.ts
 */
export function resolveProject(options: { projectDir?: string | undefined; defs?: string | undefined; cwd?: string }): ProjectLocation {
  const cwd = options.cwd ?? process.cwd();
  const dir = resolve(cwd, options.projectDir ?? '.');
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`Project directory ${dir} does not exist`, 'pass an existing directory to --project-dir');
  }
  const defsPath = options.defs ? (isAbsolute(options.defs) ? options.defs : resolve(cwd, options.defs)) : resolve(dir, CONFIG_FILE);
  if (!existsSync(defsPath)) {
    throw new UsageError(
      options.defs ? `Definitions file ${options.defs} does not exist` : `No ${CONFIG_FILE} in ${dir}`,
      options.defs ? 'check the path given to --defs' : `create ${CONFIG_FILE} exporting \`export default definitions({ assets: [...] })\`, or pass --defs path/to/defs.ts or --project-dir`,
    );
  }
  return { dir, defsPath, defsLabel: relative(dir, defsPath) || defsPath };
}
