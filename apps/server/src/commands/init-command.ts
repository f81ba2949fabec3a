import type { GlobalOptions } from '../cli/global-options';

/**
 * `baton init [dir]`: scaffolds a project (create-baton's code, the same as `npm create baton`).
 * Exit 2, naming the file, when one is in the way.
 *
 * @example
 * await initCommand({}, 'my-project'); // 0
 */
export async function initCommand(_globals: GlobalOptions, dir: string | undefined): Promise<number> {
  const { runCreateBaton } = await import('create-baton');
  return runCreateBaton(dir === undefined ? [] : [dir], { cwd: process.cwd(), out: process.stdout, err: process.stderr, command: 'baton init' });
}
