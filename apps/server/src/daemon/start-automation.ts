import type { BatonStorage, Definitions } from '@baton/core';
import { createRunRequestLauncher } from './launch-run-requests';

export interface AutomationOptions {
  readonly storage: BatonStorage;
  /** The current definitions (reloaded on edit); ticks are skipped while none loaded. */
  readonly getDefinitions: () => Definitions | undefined;
  /** Time between ticks. Default 30 s (or BATON_AUTOMATION_INTERVAL_MS). */
  readonly intervalMs?: number;
  readonly log?: (line: string) => void;
}

export interface RunningAutomation {
  /** Stops ticking, waits for a running tick and gives the daemon lease up. */
  stop(): Promise<void>;
}

/** The tick interval from BATON_AUTOMATION_INTERVAL_MS, else 30 s. */
export function automationIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.BATON_AUTOMATION_INTERVAL_MS);
  return Number.isFinite(value) && value >= 100 ? value : 30_000;
}

/**
 * Starts the automation daemon of `baton dev` and `baton daemon`: every interval, if this process
 * holds the lease (one acting daemon per store, even with several processes on PostgreSQL), it
 * evaluates schedules, sensors and declarative conditions, launches the requested runs through the
 * storage queue (so whichever coordinator is running executes them) and records one tick each; it
 * also observes the sources whose `observeInterval` is due.
 *
 * @example
 * const automation = await startAutomation({ storage, getDefinitions: () => holder.current });
 * await automation.stop();
 */
export async function startAutomation(options: AutomationOptions): Promise<RunningAutomation> {
  const { createAutomationDaemon } = await import('@baton/automation');
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const noDefinitions = Symbol('no definitions');
  const daemon = createAutomationDaemon({
    storage: options.storage,
    intervalMs: options.intervalMs ?? automationIntervalMs(),
    getDefinitions: () => {
      const defs = options.getDefinitions();
      // no definitions yet: fail the tick before anything is evaluated or written
      if (!defs) throw Object.assign(new Error('no definitions are loaded'), { [noDefinitions]: true });
      return defs;
    },
    launch: async (requests) => {
      const ids = await createRunRequestLauncher({ storage: options.storage, getDefinitions: options.getDefinitions, log })(requests);
      const launched = ids.filter(Boolean).length;
      if (launched > 0) log(`baton: automation launched ${launched} run(s): ${requests.map((r) => `${r.source.kind === 'conditions' ? 'conditions' : `${r.source.kind} ${r.source.name}`} → ${r.assetKeys.join(', ')}${r.partitionKeys ? ` [${r.partitionKeys.join(', ')}]` : ''}`).join('; ')}`);
      return ids;
    },
    observe: async (assetKeys) => {
      const defs = options.getDefinitions();
      if (!defs) return;
      const { observe } = await import('@baton/actions');
      for (const o of await observe({ storage: options.storage, definitions: () => defs }, { assetKeys })) {
        log(o.error === undefined ? `baton: observed ${o.assetKey}: data version ${o.dataVersion}` : `baton: observing ${o.assetKey} failed: ${o.error}`);
      }
    },
    onError: (error) => {
      if ((error.cause as Record<symbol, unknown> | undefined)?.[noDefinitions]) return;
      log(`baton: automation tick failed: ${error.message}`);
    },
  });
  daemon.start();
  return { stop: () => daemon.stop() };
}
