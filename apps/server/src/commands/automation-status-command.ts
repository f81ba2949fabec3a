import type { GlobalOptions } from '../cli/global-options';
import { UsageError } from '../cli/usage-error';
import { print, printJson } from '../format/print';
import { findAutomation } from '../project/find-automation';
import { openProject } from '../project/open-project';

const ACTIONS = ['start', 'stop'] as const;

/**
 * `baton schedule start|stop <name>` and `baton sensor start|stop <name>`: starts or stops a
 * schedule or sensor in storage (every daemon sharing it follows). Starting clears the cursor, so a
 * schedule does not catch up on ticks from while it was stopped. Unknown names exit 2 with the
 * nearest name.
 *
 * @example
 * await automationStatusCommand('schedule', {}, 'stop', 'nightly');
 */
export async function automationStatusCommand(kind: 'schedule' | 'sensor', globals: GlobalOptions, action: string, name: string): Promise<number> {
  if (!(ACTIONS as readonly string[]).includes(action)) {
    throw new UsageError(`"${action}" is not an action of \`baton ${kind}\``, `use \`baton ${kind} start <name>\` or \`baton ${kind} stop <name>\``);
  }
  const project = await openProject(globals);
  try {
    if (kind === 'schedule') findAutomation(project.definitions, 'schedule', name);
    else findAutomation(project.definitions, 'sensor', name);
    const { setAutomationStatus } = await import('@baton/automation');
    const before = (await project.storage.getAutomationState(name))?.status ?? 'running';
    const status = action === 'start' ? 'running' : 'stopped';
    await setAutomationStatus(project.storage, name, kind, status);
    if (globals.json) printJson({ name, kind, status, previous: before });
    else print(before === status ? `${kind} ${name} was already ${status}` : `${kind} ${name} ${action === 'start' ? 'started' : 'stopped'}`);
    return 0;
  } finally {
    await project.close();
  }
}
