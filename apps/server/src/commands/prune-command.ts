import type { GlobalOptions } from '../cli/global-options';
import { formatDuration } from '../format/format-duration';
import { print, printJson } from '../format/print';
import { openStorage } from '../project/open-project';

/**
 * `baton prune --older-than 30d`: deletes run logs, lifecycle events and automation ticks older than the duration;
 * materializations, observations and partition status stay (staleness is unaffected).
 *
 * @example
 * await pruneCommand({}, { olderThan: 30 * 86_400_000 });
 */
export async function pruneCommand(globals: GlobalOptions, options: { olderThan: number }): Promise<number> {
  const project = await openStorage(globals, { needDefs: false });
  try {
    const before = Date.now() - options.olderThan;
    const { eventsDeleted, ticksDeleted } = await project.storage.prune(before);
    if (globals.json) printJson({ eventsDeleted, ticksDeleted, before });
    else print(`Deleted ${eventsDeleted} event(s) and ${ticksDeleted} automation tick(s) older than ${formatDuration(options.olderThan)} (before ${new Date(before).toISOString()}); materializations stay.`);
    return 0;
  } finally {
    await project.close();
  }
}
