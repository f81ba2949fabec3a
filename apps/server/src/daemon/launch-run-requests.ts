import type { PlannedRunRequest } from '@baton/automation';
import { BatonError, type BatonStorage, type Definitions } from '@baton/core';

export interface RunRequestLauncherOptions {
  readonly storage: BatonStorage;
  readonly getDefinitions: () => Definitions | undefined;
  /** Wakes the run coordinator after runs were queued (the runner's notifyRunsQueued is always called too). */
  readonly onRunsCreated?: () => void;
  readonly log?: (line: string) => void;
}

const where = (r: PlannedRunRequest) => `${r.assetKeys.join(', ')}${r.partitionKeys ? ` [${r.partitionKeys.length === 1 ? r.partitionKeys[0] : `${r.partitionKeys.length} partitions`}]` : ''}`;

/**
 * The automation daemon's `launch`: an adapter over @baton/actions' launchRunRequests (planned as
 * the API's and the CLI's materialize, launched by the one launchPlans). A request that cannot be
 * planned is logged and gets an empty id; when none can, the error is thrown so the tick is stored
 * as failed.
 *
 * @example
 * createAutomationDaemon({ storage, getDefinitions, launch: createRunRequestLauncher({ storage, getDefinitions }) });
 */
export function createRunRequestLauncher(options: RunRequestLauncherOptions): (requests: readonly PlannedRunRequest[]) => Promise<string[]> {
  const { storage } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  return async (requests) => {
    const defs = options.getDefinitions();
    if (!defs) throw new BatonError('INVALID_DEFINITION', 'No definitions are loaded, so automation cannot launch runs', { hint: 'fix the definitions; the daemon retries on its next tick' });
    const { launchRunRequests } = await import('@baton/actions');
    const ctx = { storage, definitions: () => defs, ...(options.onRunsCreated ? { onChanged: options.onRunsCreated } : {}) };
    return launchRunRequests(ctx, requests, {
      onError: (r, e) => log(`baton: automation could not launch ${where(r)}: ${e.message}`),
    });
  };
}
