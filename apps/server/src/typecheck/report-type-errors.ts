import type { ProjectLocation } from '../project/resolve-project';
import { formatTypeDiagnostic } from './parse-tsc-output';
import { watchTypes, type TypeWatcher } from './watch-types';

/**
 * Starts `baton dev`'s background type check and prints each result to stderr when it changes:
 * every error as `file:line:col - error TSnnnn: message`, or that the errors are gone.
 *
 * @example
 * const types = reportTypeErrors(location); // … types.close();
 */
export function reportTypeErrors(location: ProjectLocation, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): TypeWatcher {
  const types = watchTypes(location);
  let previous = '';
  types.onResult((state) => {
    if (state.status === 'unavailable') {
      log(`baton: type check unavailable: ${state.problem}`);
      return;
    }
    const lines = state.errors.map(formatTypeDiagnostic);
    const current = lines.join('\n');
    if (current === previous) return;
    const hadErrors = previous !== '';
    previous = current;
    if (lines.length === 0) {
      if (hadErrors) log('baton: type errors fixed');
      return;
    }
    log(`baton: ${lines.length} type error${lines.length === 1 ? '' : 's'} (runs are not blocked):`);
    for (const line of lines) log(`  ${line}`);
  });
  return types;
}
