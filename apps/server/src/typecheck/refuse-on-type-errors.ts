import { printJson } from '../format/print';
import type { ProjectLocation } from '../project/resolve-project';
import { formatTypeDiagnostic } from './parse-tsc-output';
import { typeCheckProject } from './type-check-project';

/**
 * `--typecheck`: type-checks the project and, on errors, prints them (file:line:col, code,
 * message) and says nothing was run. Returns true when the command may go on.
 *
 * @example
 * if (options.typecheck && !(await passesTypeCheck(location, globals.json))) return 2;
 */
export async function passesTypeCheck(location: ProjectLocation, json = false): Promise<boolean> {
  const { errors, tsconfig } = await typeCheckProject(location);
  if (errors.length === 0) return true;
  const what = `${errors.length} type error${errors.length === 1 ? '' : 's'}`;
  const checked = tsconfig ? 'tsc --noEmit -p tsconfig.json' : `tsc --noEmit --strict on ${location.defsLabel}`;
  if (json) {
    printJson({ status: 'type-errors', message: `${what}; nothing was materialized`, typeErrors: errors });
    return false;
  }
  for (const e of errors) process.stderr.write(`${formatTypeDiagnostic(e)}\n`);
  process.stderr.write(`baton: ${what} (${checked}); nothing was materialized. Fix them, or run without --typecheck.\n`);
  return false;
}
