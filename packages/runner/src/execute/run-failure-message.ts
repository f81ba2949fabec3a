/**
 * The error a run that failed records (RUN_FAILURE), whoever ends it — `executeRun` in one process,
 * or the worker that ends a distributed run's last step: how many steps failed, the first five of
 * them, and the first line of the first one's error.
 *
 * @example
 * runFailureMessage(['clean/users'], 'boom\n    at …') // '1 step(s) failed: clean/users. First error: boom'
 */
export function runFailureMessage(failedStepKeys: readonly string[], firstError: string): string {
  const named = `${failedStepKeys.slice(0, 5).join(', ')}${failedStepKeys.length > 5 ? ', …' : ''}`;
  return `${failedStepKeys.length} step(s) failed: ${named}. First error: ${firstError.split('\n')[0]}`;
}
