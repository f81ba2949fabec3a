// Entry of a step process (started by createProcessPoolExecutor through bin/step-worker.mjs).
import { inProcessExecutor, type StepExecutor } from '@baton/runner';
import { loadDefinitions } from '../project/load-definitions';
import { projectIOManagers } from '../project/open-project';
import type { FromChild, ToChild } from './protocol';

const send = (message: FromChild) => {
  if (process.connected) process.send?.(message);
};
const defsPath = process.env.BATON_DEFS_PATH!;
const projectDir = process.env.BATON_PROJECT_DIR!;

let executor: StepExecutor | undefined;
const controllers = new Map<number, AbortController>();

process.on('message', (message: ToChild) => {
  if (message.type === 'execute') {
    const controller = new AbortController();
    controllers.set(message.id, controller);
    const hooks = {
      signal: controller.signal,
      log: (level: Parameters<StepExecutor['execute']>[1]['log'] extends (l: infer L, ...r: never[]) => void ? L : never, text: string, fields?: Record<string, unknown>) =>
        send({ type: 'log', id: message.id, level, message: text, ...(fields ? { fields } : {}) }),
    };
    void executor!
      .execute(message.request, hooks)
      .catch((error: unknown) => ({ ok: false as const, error: (error as Error).message, retryable: true }))
      .then((outcome) => {
        controllers.delete(message.id);
        send({ type: 'result', id: message.id, outcome });
      });
  } else if (message.type === 'abort') {
    controllers.get(message.id)?.abort(new Error(message.reason));
  } else if (message.type === 'endRun') {
    void executor!.endRun(message.runId).then(
      () => send({ type: 'ended', id: message.id }),
      (error: unknown) => send({ type: 'ended', id: message.id, error: (error as Error).message }),
    );
  }
});
process.on('disconnect', () => process.exit(0));

try {
  const { definitions } = await loadDefinitions({ dir: projectDir, defsPath, defsLabel: defsPath });
  executor = inProcessExecutor({ definitions, ioManagers: await projectIOManagers(projectDir, definitions) });
  send({ type: 'ready' });
} catch (error) {
  send({ type: 'load-error', message: (error as Error).message });
}
