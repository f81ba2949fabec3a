import { join } from 'node:path';
import type { BatonStorage, Definitions } from '@baton/core';
import { assetLookup, type AssetLookup } from '@baton/runner';
import { recoveredLine } from '../project/recovered-line';
import type { ProjectLocation } from '../project/resolve-project';

export interface DaemonOptions {
  readonly storage: BatonStorage;
  readonly location: ProjectLocation;
  /** The definitions the run loop plans steps with (the step processes load their own copy). */
  readonly getDefinitions: () => Definitions | undefined;
  /** Step processes. Default 2. */
  readonly workers?: number;
  /** Runs executing at once across every process sharing the storage. Default 4. */
  readonly maxConcurrentRuns?: number;
  /** Drive backfills (queue dependent runs, progress, final status). Default true. */
  readonly driveBackfills?: boolean;
  readonly log?: (line: string) => void;
  /** Start the step processes this long after the daemon (they also start on the first step). Default 1,500 ms. */
  readonly warmAfterMs?: number;
}

export interface Daemon {
  /** Replaces the step processes (after a definitions reload); in-flight steps finish on the old ones. */
  restartExecutors(): void;
  stop(): Promise<void>;
}

/**
 * The background half of `baton dev` and `baton worker`: a run coordinator claiming queued runs
 * (from the API, the CLI or backfills) and executing their steps in a pool of child processes,
 * the backfill driver, and crash recovery for runs whose process stopped heartbeating.
 *
 * @example
 * const daemon = await startDaemon({ storage, location, getDefinitions: () => holder.current });
 * await daemon.stop();
 */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const runner = await import('@baton/runner');
  const { storage, location } = options;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  // the step processes load the definitions module themselves, with the project's default IO manager under .baton/storage
  const executor = runner.createProcessPoolExecutor({
    definitions: { path: location.defsPath },
    projectDir: location.dir,
    baseDir: join(location.dir, '.baton', 'storage'),
    size: options.workers ?? 2,
  });
  // start the step processes once the caller is up (they compete for the CPU while it starts)
  const warmTimer = setTimeout(() => executor.warm(), options.warmAfterMs ?? 1_500);
  warmTimer.unref();
  const lookup = liveLookup(() => options.getDefinitions());
  const coordinator = runner.startRunCoordinator({
    storage,
    definitions: lookup,
    executor,
    maxConcurrentRuns: options.maxConcurrentRuns ?? 4,
    pollMs: 500,
    onRunEnd: (run, result) => {
      const status = 'runId' in result ? result.status : 'error';
      log(`baton: run ${run.id.slice(0, 8)} (${run.assetKeys.join(', ')}) ended: ${status}`);
    },
  });
  const driver = options.driveBackfills === false ? undefined : runner.startBackfillDriver({ storage, intervalMs: 300, onEnd: (b) => log(`baton: backfill ${b.id.slice(0, 8)} ended: ${b.status}`) });
  const stopRecovery = runner.startRecoveryMonitor(storage, {
    staleAfterMs: 30_000,
    onRecovered: (runs) => log(recoveredLine(runs)),
  });
  return {
    restartExecutors() {
      executor.reload();
      executor.warm();
    },
    async stop() {
      clearTimeout(warmTimer);
      stopRecovery();
      await driver?.stop();
      await coordinator.stop({ cancel: true });
      await executor.close();
    },
  };
}

/** An AssetLookup that always reads the latest definitions (they change on reload). */
function liveLookup(get: () => Definitions | undefined): AssetLookup {
  let cachedFor: Definitions | undefined;
  let cached: AssetLookup = assetLookup([]);
  const current = () => {
    const defs = get();
    if (defs && defs !== cachedFor) {
      cachedFor = defs;
      cached = assetLookup(defs);
    }
    return cached;
  };
  return {
    get byKey() {
      return current().byKey;
    },
    get multiCompute() {
      return current().multiCompute;
    },
    get: (key, where) => current().get(key, where),
  };
}
