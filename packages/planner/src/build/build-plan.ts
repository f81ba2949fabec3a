import { BatonError, type RunPartitionTarget } from '@baton/core';
import type { AssetIndex, IndexedAsset } from '../internal/asset-index';
import { Plan, type PlanPurpose } from '../plan/plan';
import { RunPlan } from '../plan/run-plan';
import { StepPlan, type StepReason } from '../plan/step-plan';
import { buildOnePartitionPlan, onePartitionTarget } from './build-one-partition-plan';
import { estimatePlan, type EstimateOptions } from './estimate-plan';
import { IndexTable } from './index-table';
import { MissingInputs } from './missing-inputs';
import { PlanWarning } from '../plan/plan-warning';
import { PLAN_SLICE_ITERATIONS, type PlanWork } from './plan-work';
import { summarizePlan } from './summarize-plan';

/** How partitions are grouped into runs. */
export type RunPolicy = { readonly kind: 'per-partition' } | { readonly kind: 'batch'; readonly size: number } | { readonly kind: 'single' };

export type PartitionOrder = 'oldest-first' | 'newest-first';

/** What to materialize for one asset: sorted partition indices and why. */
export interface AssetTarget {
  readonly asset: IndexedAsset;
  /** Ascending partition indices (`[0]` for unpartitioned); a typed array keeps a million of them off the GC's back. */
  readonly indices: Int32Array;
  /** Why partition `i` is rebuilt (called for single-partition steps). */
  reason(i: number): StepReason;
  /** The reason category of partition `i` (cheap; used to summarise ranged steps). */
  category(i: number): StepReason['category'];
}

export interface BuildOptions extends EstimateOptions {
  readonly purpose: PlanPurpose;
  readonly runPolicy: RunPolicy;
  readonly order: PartitionOrder;
  readonly request: Readonly<Record<string, unknown>>;
  readonly tags?: Readonly<Record<string, string>>;
  /** Warnings found before building (e.g. a requested range clamped to the partitions that exist). */
  readonly warnings?: readonly PlanWarning[];
}

/** Above this many one-partition runs a preview suggests batches. */
export const LARGE_PLAN_RUNS = 100;
/** The number of runs the suggested batch size aims at. */
const SUGGESTED_RUNS = 50;

interface RunDraft {
  readonly group: string;
  readonly stage: number;
  readonly asset0: IndexedAsset;
  /** Partition indices the run covers in its group's definition. */
  readonly indices: number[];
  readonly steps: { assets: IndexedAsset[]; indices: Int32Array; reasons: StepReason[] }[];
  readonly dependsOn: Set<number>;
}

/**
 * Turns per-asset targets into runs and steps: assets are grouped by partitions definition (and by
 * "stage", so runs of different partitionings never wait on each other in a cycle), partitions are
 * chunked by the run policy, steps inside a run follow dependencies, and partition dependencies
 * across runs (mappings, self-dependencies) become `dependsOnRuns`. Runs are emitted in the requested
 * order, adjusted so every run comes after the runs it depends on. Yields every few hundred runs
 * (see `PlanWork`).
 */
export function* buildPlanWork(index: AssetIndex, targets: readonly AssetTarget[], options: BuildOptions): PlanWork<Plan> {
  const one = onePartitionTarget(targets);
  if (one) return buildOnePartitionPlan(index, one, options);
  return yield* buildPlanInRunsWork(index, targets, options);
}

/** `buildPlanWork` for any targets: what a one-partition plan would also get, built the long way (tests compare the two). */
export function* buildPlanInRunsWork(index: AssetIndex, targets: readonly AssetTarget[], options: BuildOptions): PlanWork<Plan> {
  let ticks = 0;
  const targetOf = new Map<number, AssetTarget>();
  for (const t of targets) if (t.indices.length > 0) targetOf.set(t.asset.position, t);
  const ordered = index.order.filter((a) => targetOf.has(a.position));

  // stage: same-partitioning parents share a stage, a different-partitioning parent forces a later one
  const stage = new Map<number, number>();
  for (const asset of ordered) {
    let s = 0;
    for (const p of asset.parents) {
      const ps = stage.get(p.upstream.position);
      if (ps === undefined || p.upstream === asset) continue;
      s = Math.max(s, ps + (groupOf(p.upstream) === groupOf(asset) ? 0 : 1));
    }
    stage.set(asset.position, s);
  }

  // chunks per (group, stage)
  const lanes = new Map<string, IndexedAsset[]>();
  for (const asset of ordered) {
    const lane = `${stage.get(asset.position)}\u0000${groupOf(asset)}`;
    (lanes.get(lane) ?? lanes.set(lane, []).get(lane)!).push(asset);
  }
  const runs: RunDraft[] = [];
  const runOf = new Map<number, IndexTable>();
  for (const asset of ordered) runOf.set(asset.position, new IndexTable(asset.count, targetOf.get(asset.position)!.indices.length));
  const sortedLanes = [...lanes.entries()].sort((a, b) => stage.get(a[1][0]!.position)! - stage.get(b[1][0]!.position)!);
  for (const [, assets] of sortedLanes) {
    const all = laneIndices(assets.map((a) => targetOf.get(a.position)!.indices), assets[0]!.count);
    if (options.order === 'newest-first') all.reverse();
    const size = options.runPolicy.kind === 'per-partition' ? 1 : options.runPolicy.kind === 'batch' ? Math.max(1, options.runPolicy.size) : all.length;
    const chunks: number[][] = [];
    for (let c = 0; c < all.length; c += size) chunks.push(all.slice(c, c + size).sort((x, y) => x - y));
    const chunkOf = new IndexTable(assets[0]!.count, all.length);
    chunks.forEach((chunk, c) => {
      for (const i of chunk) chunkOf.set(i, c);
    });
    // Chunks are monotone in index order, so each asset's indices in one chunk are a contiguous
    // slice of its sorted indices: bucket them as zero-copy views in one pass.
    const buckets = assets.map((a) => {
      const perChunk: Int32Array[] = new Array(chunks.length);
      const idx = targetOf.get(a.position)!.indices;
      let start = 0;
      for (let k = 1; k <= idx.length; k++) {
        if (k === idx.length || chunkOf.get(idx[k]!) !== chunkOf.get(idx[start]!)) {
          perChunk[chunkOf.get(idx[start]!)] = idx.subarray(start, k);
          start = k;
        }
      }
      return perChunk;
    });
    for (let c = 0; c < chunks.length; c++) {
      if (++ticks % PLAN_SLICE_ITERATIONS === 0) yield;
      const chunk = chunks[c]!;
      const run: RunDraft = { group: groupOf(assets[0]!), stage: stage.get(assets[0]!.position)!, asset0: assets[0]!, indices: chunk, steps: [], dependsOn: new Set() };
      const r = runs.push(run) - 1;
      const multiSteps = new Map<string, RunDraft['steps'][number]>();
      assets.forEach((asset, n) => {
        const target = targetOf.get(asset.position)!;
        const indices = buckets[n]![c];
        if (!indices || indices.length === 0) return;
        const runIndex = runOf.get(asset.position)!;
        for (let k = 0; k < indices.length; k++) runIndex.set(indices[k]!, r);
        const reasons = summarizeReasons(asset, indices, target);
        const multiId = asset.def.multi?.id;
        const multiKey = multiId !== undefined ? `${multiId}\u0000${indices.join(',')}` : undefined;
        const existing = multiKey !== undefined ? multiSteps.get(multiKey) : undefined;
        if (existing) {
          existing.assets.push(asset);
          existing.reasons.push(...reasons);
        } else {
          const step = { assets: [asset], indices, reasons };
          run.steps.push(step);
          if (multiKey !== undefined) multiSteps.set(multiKey, step);
        }
      });
    }
  }

  // cross-run and in-run dependencies (and reads of upstream partitions that hold no value)
  const missing = new MissingInputs();
  const stepKeys = runs.map((run) => run.steps.map((s) => stepKey(s.assets, s.indices, s.assets[0]!)));
  const stepDeps: Set<string>[][] = runs.map((run) => run.steps.map(() => new Set<string>()));
  const stepIndexOf = runs.map((run) => {
    const m = new Map<number, number>();
    run.steps.forEach((s, k) => s.assets.forEach((a) => m.set(a.position, k)));
    return m;
  });
  for (let r = 0; r < runs.length; r++) {
    if (++ticks % PLAN_SLICE_ITERATIONS === 0) yield;
    const run = runs[r]!;
    run.steps.forEach((step, k) => {
      for (const asset of step.assets) {
        for (const edge of asset.parents) {
          const upRuns = runOf.get(edge.upstream.position);
          const idx = step.indices;
          const mayMiss = missing.mayMiss(edge);
          if (!upRuns) {
            // the upstream is not rebuilt by this plan: its partitions must already hold values
            if (mayMiss) {
              for (let k2 = 0; k2 < idx.length; k2++) {
                const i = idx[k2]!;
                if (edge.identity) missing.check(asset, edge, i, i);
                else for (const [s, e] of edge.upstreamRanges(i)) for (let j = s; j < e; j++) missing.check(asset, edge, i, j);
              }
            }
            continue;
          }
          let lastRun = -1;
          if (edge.identity) {
            for (let k2 = 0; k2 < idx.length; k2++) {
              const ur = upRuns.get(idx[k2]!);
              if (ur < 0 && mayMiss) missing.check(asset, edge, idx[k2]!, idx[k2]!);
              if (ur < 0 || ur === lastRun) continue;
              lastRun = ur;
              if (ur !== r) run.dependsOn.add(ur);
              else {
                const uk = stepIndexOf[r]!.get(edge.upstream.position)!;
                if (uk !== k) stepDeps[r]![k]!.add(stepKeys[r]![uk]!);
              }
            }
            continue;
          }
          for (let k2 = 0; k2 < idx.length; k2++) {
            for (const [s, e] of edge.upstreamRanges(idx[k2]!)) {
              for (let j = s; j < e && j < upRuns.count; j++) {
                const ur = upRuns.get(j);
                if (ur < 0 && mayMiss) missing.check(asset, edge, idx[k2]!, j);
                if (ur < 0 || ur === lastRun) continue;
                lastRun = ur;
                if (ur !== r) run.dependsOn.add(ur);
                else {
                  const uk = stepIndexOf[r]!.get(edge.upstream.position)!;
                  if (uk !== k) stepDeps[r]![k]!.add(stepKeys[r]![uk]!);
                }
              }
            }
          }
        }
      }
    });
  }

  const launchOrder = orderRuns(runs);
  const width = String(runs.length).length;
  const position = new Int32Array(runs.length);
  launchOrder.forEach((r, p) => (position[r] = p));
  const keyOf = (r: number): string => `run-${String(position[r]! + 1).padStart(Math.max(4, width), '0')}`;
  const runPlans: RunPlan[] = [];
  for (const r of launchOrder) {
    if (++ticks % PLAN_SLICE_ITERATIONS === 0) yield;
    const run = runs[r]!;
    // steps were created in topological asset order, so in-run dependencies always point backwards
    const steps = run.steps.map((s, k) =>
      StepPlan.create({
        key: stepKeys[r]![k]!,
        assetKeys: s.assets.map((a) => a.key),
        partitionKeys: s.assets[0]!.partitioned ? keysOf(s.assets[0]!, s.indices) : [],
        partitionsDefinitionId: s.assets[0]!.partitioned ? s.assets[0]!.partitions.id : null,
        dependsOn: [...stepDeps[r]![k]!],
        reasons: s.reasons,
        ...(s.reasons.every((reason) => reason.category === 'upstream-rebuilt') ? { skipIfInputsUnchanged: true } : {}),
      }),
    );
    runPlans.push(
      RunPlan.create({
        key: keyOf(r),
        assetKeys: steps.flatMap((s) => s.assetKeys),
        partition: partitionTarget(run),
        partitionsDefinitionId: run.asset0.partitioned ? run.asset0.partitions.id : null,
        steps,
        dependsOnRuns: [...run.dependsOn].sort((a, b) => position[a]! - position[b]!).map(keyOf),
        tags: { 'baton/purpose': options.purpose, ...options.tags },
      }),
    );
  }
  const summary = summarizePlan(ordered.map((a) => ({ asset: a, indices: targetOf.get(a.position)!.indices })), runPlans);
  return Plan.create({
    purpose: options.purpose,
    createdAt: index.snapshot.now,
    assetKeys: ordered.map((a) => a.key),
    runs: runPlans,
    summary,
    estimate: estimatePlan(index, runPlans, options),
    request: options.request,
    warnings: [...(options.warnings ?? []), ...missing.warnings(), ...largePlanWarning(runPlans.length, options.runPolicy)],
  });
}

/** Advice to batch when a per-partition plan launches many runs. */
function largePlanWarning(runCount: number, policy: RunPolicy): PlanWarning[] {
  if (policy.kind !== 'per-partition' || runCount <= LARGE_PLAN_RUNS) return [];
  const size = Math.ceil(runCount / SUGGESTED_RUNS);
  return [
    PlanWarning.create({
      code: 'large-plan',
      severity: 'info',
      message: `${runCount.toLocaleString('en-US')} runs of one partition each`,
      hint: `batches of ${size} partitions per run would launch about ${Math.ceil(runCount / size)} runs`,
      assetKey: null,
      suggestedBatchSize: size,
    }),
  ];
}

/** The ascending union of a lane's sorted target indices: one asset's as they are, several merged over the key space. */
function laneIndices(perAsset: readonly Int32Array[], count: number): number[] {
  if (perAsset.length === 1) return Array.from(perAsset[0]!);
  const marked = new Uint8Array(count);
  for (const idx of perAsset) for (let k = 0; k < idx.length; k++) marked[idx[k]!] = 1;
  const all: number[] = [];
  for (let i = 0; i < marked.length; i++) if (marked[i]) all.push(i);
  return all;
}

function groupOf(asset: IndexedAsset): string {
  return asset.partitioned ? asset.partitions.id : '';
}

function keysOf(asset: IndexedAsset, indices: Int32Array): string[] {
  const keys: string[] = new Array(indices.length);
  for (let k = 0; k < indices.length; k++) keys[k] = asset.keyAt(indices[k]!);
  return keys;
}

function stepKey(assets: readonly IndexedAsset[], indices: Int32Array, first: IndexedAsset): string {
  const name = assets.length > 1 && first.def.multi ? first.def.multi.id : first.key;
  if (!first.partitioned) return name;
  const a = first.keyAt(indices[0]!);
  if (indices.length === 1) return `${name}[${a}]`;
  return `${name}[${a}...${first.keyAt(indices[indices.length - 1]!)}]`;
}

function summarizeReasons(asset: IndexedAsset, indices: Int32Array, target: AssetTarget): StepReason[] {
  if (indices.length === 1) return [target.reason(indices[0]!)];
  const byCategory: Partial<Record<StepReason['category'], number>> = {};
  for (let k = 0; k < indices.length; k++) {
    const c = target.category(indices[k]!);
    byCategory[c] = (byCategory[c] ?? 0) + 1;
  }
  return (Object.entries(byCategory) as [StepReason['category'], number][]).map(([category, n]) => ({
    category,
    message: `"${asset.key}": ${n} of ${indices.length} partitions ${CATEGORY_WORDS[category]}`,
  }));
}

const CATEGORY_WORDS: Record<StepReason['category'], string> = {
  requested: 'requested',
  missing: 'missing',
  stale: 'stale',
  failed: 'failed last time',
  'upstream-rebuilt': 'downstream of rebuilt upstreams',
};

function partitionTarget(run: RunDraft): RunPartitionTarget {
  const asset = run.asset0;
  if (!asset.partitioned) return { kind: 'none' };
  const idx = run.indices;
  if (idx.length === 1) return { kind: 'key', key: asset.keyAt(idx[0]!) };
  const contiguous = idx[idx.length - 1]! - idx[0]! === idx.length - 1;
  if (contiguous) return { kind: 'range', start: asset.keyAt(idx[0]!), end: asset.keyAt(idx[idx.length - 1]!) };
  return { kind: 'keys', keys: idx.map((i) => asset.keyAt(i)) };
}

/** Requested order, moved only as needed so each run follows its dependencies (iterative DFS). */
function orderRuns(runs: readonly RunDraft[]): number[] {
  const state = new Uint8Array(runs.length); // 0 new, 1 visiting, 2 done
  const out: number[] = [];
  for (let root = 0; root < runs.length; root++) {
    if (state[root]) continue;
    const stack: [number, number[]][] = [[root, [...runs[root]!.dependsOn].sort((a, b) => a - b)]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = top[1].shift();
      if (next === undefined) {
        state[top[0]] = 2;
        out.push(top[0]);
        stack.pop();
      } else if (state[next] === 1) {
        throw new BatonError('PLAN_INVALID', 'The requested partitions depend on each other in a cycle across runs', {
          hint: 'use the single-run policy, or check partition mappings with future offsets',
          details: { runs: stack.map(([r]) => r) },
        });
      } else if (state[next] === 0) {
        state[next] = 1;
        stack.push([next, [...runs[next]!.dependsOn].sort((a, b) => a - b)]);
      }
    }
  }
  return out;
}
