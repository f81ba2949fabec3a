import { formatDuration } from '../format/format-duration';
import type { StepProgress } from './step-progress';

/**
 * Shows a StepProgress live with listr2: one line per step with its status and duration
 * (an animated list on a terminal, plain lines otherwise). Resolves when every step has ended.
 *
 * @example
 * const shown = showLiveProgress(progress);
 * await executePlan(...); progress.settle('not run');
 * await shown;
 */
export async function showLiveProgress(progress: StepProgress): Promise<void> {
  const { Listr } = await import('listr2');
  const tasks = progress.lines.map((line) => ({
    title: line.stepKey,
    task: async (_ctx: unknown, task: { title: string; skip(message?: string): void }) => {
      line.onTitle = (title) => (task.title = title);
      const end = await line.done;
      if (end.kind === 'success') task.title = `${line.stepKey} — ${formatDuration(end.durationMs)}`;
      else if (end.kind === 'skipped') task.skip(end.reason);
      else throw new Error(end.error);
    },
  }));
  const listr = new Listr(tasks, {
    concurrent: true,
    exitOnError: false,
    renderer: 'default',
    fallbackRenderer: 'simple',
    rendererOptions: { collapseErrors: false, collapseSkips: false },
    fallbackRendererOptions: { timestamp: undefined },
  } as never);
  await listr.run().catch(() => undefined);
}
