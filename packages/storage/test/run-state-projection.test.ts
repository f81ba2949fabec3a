import { replayRun } from '@baton/core';
import type { BatonEvent, BatonStorage, StoredEvent } from '@baton/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '@baton/storage/testing';

/**
 * Property test: random event logs of one run (a runner's steps with retries, a cancel from the
 * API at any point, crashes and recovery, flushes out of order, writers appending concurrently)
 * are appended in random batches; `getRun` and `listSteps` must equal core's replay of the stored
 * log. Reproduce a failure with BATON_PROPERTY_SEED=<the printed seed>.
 */
const SEED = Number(process.env.BATON_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CASES = Number(process.env.BATON_PROPERTY_CASES ?? 30);
console.log(`[run-state projection] seed ${SEED} (rerun with BATON_PROPERTY_SEED=${SEED})`);

/** xorshift32: small and seeded, so a failing case is reproducible from its seed. */
function generator(seed: number) {
  let x = seed | 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { chance: (p: number) => next() < p, int, pick: <T,>(xs: readonly T[]): T => xs[int(xs.length)]! };
}
type Gen = ReturnType<typeof generator>;

/** One writer's events, in the order that writer produces them. */
type Script = BatonEvent[];

/** What the runner writes for a run: start, steps with retries and partial failures, an end (or a crash: it stops). */
function runnerScript(g: Gen, runId: string, t: () => number, owner: string, crashAt: number | null, claimed = false): Script {
  const out: Script = [];
  if (claimed) out.push({ type: 'RUN_STARTING', runId, owner, timestamp: t() }, { type: 'RUN_STARTED', runId, owner, claimedBy: owner, timestamp: t() });
  else {
    if (g.chance(0.7)) out.push({ type: 'RUN_STARTING', runId, timestamp: t() });
    out.push({ type: 'RUN_STARTED', runId, owner, timestamp: t() });
  }
  const steps = 1 + g.int(4);
  let failed = false;
  for (let s = 0; s < steps; s++) {
    const stepKey = `step${s}`;
    const partitionKeys = g.chance(0.5) ? ['p1', 'p2', 'p3'].slice(0, 1 + g.int(3)) : [];
    if (g.chance(0.15)) {
      out.push({ type: 'STEP_SKIPPED', runId, stepKey, reason: 'upstream failed', timestamp: t() });
      continue;
    }
    const attempts = 1 + g.int(3);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      out.push({ type: 'STEP_STARTED', runId, stepKey, assetKeys: [`a${s}`], partitionKeys, attempt, timestamp: t() });
      if (g.chance(0.5)) {
        out.push({ type: 'MATERIALIZATION', runId, stepKey, assetKey: `a${s}`, partitionKey: partitionKeys[0] ?? null, dataVersion: 'd', codeVersion: 'c', metadata: {}, provenance: [], timestamp: t() });
      }
      if (attempt < attempts) out.push({ type: 'STEP_FAILURE', runId, stepKey, error: `flaky ${attempt}`, attempt, willRetry: true, timestamp: t() });
      else if (g.chance(0.25)) {
        failed = true;
        const partial = partitionKeys.length > 1 && g.chance(0.5) ? { partitionKeys: partitionKeys.slice(1) } : {};
        out.push({ type: 'STEP_FAILURE', runId, stepKey, error: 'broken', attempt, willRetry: false, ...partial, timestamp: t() });
      } else out.push({ type: 'STEP_SUCCESS', runId, stepKey, durationMs: 1 + g.int(100), timestamp: t() });
    }
  }
  out.push(failed ? { type: 'RUN_FAILURE', runId, error: 'a step failed', timestamp: t() } : { type: 'RUN_SUCCESS', runId, timestamp: t() });
  return crashAt === null ? out : out.slice(0, Math.min(crashAt, out.length - 1));
}

/** Swaps a few neighbouring events of different steps and delays a few to the end (a buffer flushed late). */
function shuffleFlushes(g: Gen, script: Script): Script {
  const out = [...script];
  for (let k = 0; k < 3; k++) {
    const i = g.int(Math.max(1, out.length - 1));
    if (out[i] && out[i + 1] && out[i]!.stepKey && out[i + 1]!.stepKey && out[i]!.stepKey !== out[i + 1]!.stepKey) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
  }
  if (g.chance(0.3) && out.length > 2) out.push(...out.splice(g.int(out.length - 1), 1));
  return out;
}

/** Cuts a script into batches of 1..5 events. */
function batches(g: Gen, script: Script): Script[] {
  const out: Script[] = [];
  for (let i = 0; i < script.length; ) {
    const n = 1 + g.int(5);
    out.push(script.slice(i, i + n));
    i += n;
  }
  return out;
}

/** A random history of one run, as the batches each writer appends, in order. */
function scenario(g: Gen, runId: string): { created: boolean; writers: Script[][] } {
  let clock = 1_700_000_000_000 + g.int(1000);
  const t = () => (clock += g.chance(0.1) ? -g.int(5) : 1 + g.int(50)); // clocks of different processes disagree a little
  const created = g.chance(0.7);
  const head: Script = created ? [] : [{ type: 'RUN_QUEUED', runId, assetKeys: ['a0'], partition: { kind: 'none' }, timestamp: t() }];
  if (g.chance(0.3)) {
    // a claimer killed (or stalled) between its claim and its start: recovery puts the run back in the queue, another
    // process claims and runs it, while the first claimer, only slow, tries to start it (refused once it was requeued)
    const second = shuffleFlushes(g, runnerScript(g, runId, t, 'runner-2', null, true));
    const first: Script[] = [[{ type: 'RUN_STARTING', runId, owner: 'runner-1', timestamp: t() }], [{ type: 'RUN_REQUEUED', runId, owner: 'runner-1', reason: 'runner-1 stopped heartbeating', timestamp: t() }]];
    const writers: Script[][] = [[...(created ? [] : [head]), ...first, ...batches(g, second)]];
    const slow: Script = [{ type: 'RUN_STARTED', runId, owner: 'runner-1', claimedBy: 'runner-1', timestamp: t() }, { type: 'STEP_STARTED', runId, stepKey: 'slow', assetKeys: ['s'], partitionKeys: [], attempt: 1, timestamp: t() }];
    writers.push([slow]);
    if (g.chance(0.4)) writers.push([[{ type: g.chance(0.3) ? 'RUN_CANCELED' : 'RUN_CANCELING', runId, timestamp: t() }]]);
    return { created, writers };
  }
  const crashed = g.chance(0.25);
  const runner = shuffleFlushes(g, runnerScript(g, runId, t, 'runner-1', crashed ? 1 + g.int(12) : null));
  // a run that is not created first is queued by its first batch, before any other writer sees it (as the API only cancels runs it can read)
  const writers: Script[][] = [[...(created ? [] : [head]), ...batches(g, runner)]];
  if (crashed) {
    // recovery takes over: another owner starts it again and ends it (or fails it as crashed)
    const recovery: Script = g.chance(0.5)
      ? runnerScript(g, runId, t, 'recovery', null)
      : [{ type: 'RUN_FAILURE', runId, error: 'runner crashed', timestamp: t() }];
    writers[0]!.push(...batches(g, recovery));
  }
  if (g.chance(0.6)) {
    // the API: a cancel of a queued run (RUN_CANCELED) or of a running one (RUN_CANCELING), at any point
    writers.push([[{ type: g.chance(0.3) ? 'RUN_CANCELED' : 'RUN_CANCELING', runId, timestamp: t() }]]);
  }
  return { created, writers };
}

/**
 * Appends a writer's batches in order; a batch storage refuses (RUN_STATE_CONFLICT: a requeue of a run that
 * started, a start under a claim taken back) writes nothing, and that writer stops, as a process would.
 */
async function appendInOrder(storage: BatonStorage, batches: readonly Script[]): Promise<boolean> {
  for (const batch of batches) {
    try {
      await storage.appendEvents(batch);
    } catch (error) {
      if ((error as { code?: string }).code !== 'RUN_STATE_CONFLICT') throw error;
      return false;
    }
  }
  return true;
}

async function appendAll(storage: BatonStorage, g: Gen, created: boolean, writers: Script[][]): Promise<void> {
  const [runner, ...others] = writers;
  const cut = Math.max(created ? 0 : 1, g.int((runner?.length ?? 0) + 1));
  if (!(await appendInOrder(storage, runner!.slice(0, cut)))) {
    await Promise.all(others.map((w) => appendInOrder(storage, w)));
    return;
  }
  // the rest of the runner's batches race the other writers
  await Promise.all([appendInOrder(storage, runner!.slice(cut)), ...others.map((w) => appendInOrder(storage, w))]);
}

for (const backend of storageBackends()) {
  describe(`runs and steps rows equal core's replay of the log [${backend.name}]`, () => {
    let storage: BatonStorage;
    beforeAll(async () => {
      storage = await backend.create();
    });
    afterAll(() => backend.cleanup());

    it(`holds for ${CASES} random histories (seed ${SEED})`, async () => {
      const g = generator(SEED + (backend.name === 'postgres' ? 1 : 0));
      for (let c = 0; c < CASES; c++) {
        const runId = `case-${c}`;
        const { created, writers } = scenario(g, runId);
        if (created) await storage.createRuns([{ id: runId, assetKeys: ['a0'], partition: { kind: 'none' }, plan: null }]);
        await appendAll(storage, g, created, writers);
        const log: StoredEvent[] = await storage.eventsForRun(runId);
        const replay = replayRun(runId, log);
        const where = `seed ${SEED}, case ${c}, log: ${log.map((e) => `${e.type}${e.stepKey ? `(${e.stepKey})` : ''}`).join(' ')}`;
        const run = await storage.getRun(runId, { withPlan: false });
        expect(run && { status: run.status, startedAt: run.startedAt, endedAt: run.endedAt, owner: run.owner, error: run.error }, where).toEqual({
          status: replay.status, startedAt: replay.startedAt, endedAt: replay.endedAt, owner: replay.owner, error: replay.error,
        });
        const steps = (await storage.listSteps(runId)).map(({ runId: _, ...s }) => s).sort((a, b) => a.stepKey.localeCompare(b.stepKey));
        const replayed = [...replay.steps.values()]
          .map((s) => ({ stepKey: s.stepKey, assetKeys: s.assetKeys, partitionKeys: s.partitionKeys, status: s.status, attempt: s.attempt, startedAt: s.startedAt, endedAt: s.endedAt, error: s.error }))
          .sort((a, b) => a.stepKey.localeCompare(b.stepKey));
        expect(steps, where).toEqual(replayed);
        // a run is started under one claim only: the slow first claimer's start landed only if no requeue did
        const types = log.map((e) => `${e.type}:${'claimedBy' in e ? e.claimedBy : ''}`);
        if (types.includes('RUN_REQUEUED:')) expect(types, where).not.toContain('RUN_STARTED:runner-1');
        if (types.includes('RUN_STARTED:runner-1')) expect(types, where).not.toContain('RUN_STARTED:runner-2');
      }
    }, 240_000);
  });
}
