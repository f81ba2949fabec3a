import type { AssetDefinition, AutomationCondition, StateSnapshot } from '@baton/core';
import { cronTicksBetween, latestCronTick } from './cron-ticks';
import { firstUpstream, indexSpaces, mapDown, type AssetSpace } from './internal/asset-space';
import { compareIds, keyRangesToVector, vectorKeyRanges, type KeyRange } from './internal/key-ranges';

/** Persisted between ticks (AutomationState `__conditions`, cursor as JSON). */
export interface ConditionsCursor {
  readonly v: 1;
  /** Epoch ms of the tick that wrote it. */
  readonly evaluatedAt: number;
  /** The highest materialization id seen by that tick: later ids are "newly updated". */
  readonly watermark: string | null;
  readonly assets: Readonly<Record<string, AssetConditionState>>;
}

export interface AssetConditionState {
  /** Hash of the condition; a changed condition starts from a first evaluation. */
  readonly h: string;
  /** Partitions requested by that tick. */
  readonly req?: readonly KeyRange[];
  /** True sets of `since` / `newlyTrue` nodes by node path. */
  readonly n?: Readonly<Record<string, readonly KeyRange[]>>;
}

/** Partitions sharing one outcome and one reason. */
export interface EvaluationGroup {
  readonly requested: boolean;
  /** e.g. "not requested: upstream `raw/orders` partition 2026-03-01 is missing". */
  readonly reason: string;
  readonly count: number;
  /** Inclusive key ranges (empty for an unpartitioned asset). */
  readonly ranges: readonly KeyRange[];
}

/** The evaluation record of one asset at one tick: every partition is in exactly one group. */
export interface AssetEvaluation {
  readonly assetKey: string;
  readonly partitioned: boolean;
  readonly total: number;
  readonly requestedCount: number;
  readonly groups: readonly EvaluationGroup[];
}

export interface ConditionsResult {
  readonly evaluations: readonly AssetEvaluation[];
  /** Requested partition keys per asset (`['']`... never: unpartitioned assets give `null`). */
  readonly requested: ReadonlyMap<string, readonly string[] | null>;
  readonly cursor: ConditionsCursor;
}

const hashes = new WeakMap<object, string>();
function conditionHash(c: AutomationCondition): string {
  let h = hashes.get(c);
  if (h === undefined) {
    const text = JSON.stringify(c);
    let x = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 0x01000193);
    hashes.set(c, (h = (x >>> 0).toString(36) + text.length.toString(36)));
  }
  return h;
}

const fmt = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const ONE: KeyRange[] = [['', '']];

/** A condition tree flattened once per distinct condition: node ids in preorder, children by id, paths for state. */
interface CompiledCondition {
  readonly nodes: readonly AutomationCondition[];
  readonly kids: readonly (readonly number[])[];
  readonly paths: readonly string[];
}

const compiledByHash = new Map<string, CompiledCondition>();
function compile(c: AutomationCondition, hash: string): CompiledCondition {
  let out = compiledByHash.get(hash);
  if (out) return out;
  const nodes: AutomationCondition[] = [];
  const kids: number[][] = [];
  const paths: string[] = [];
  const visit = (n: AutomationCondition, path: string): number => {
    const id = nodes.length;
    nodes.push(n);
    paths.push(path);
    kids.push([]);
    const children = n.kind === 'and' || n.kind === 'or' ? n.operands : n.kind === 'not' || n.kind === 'newlyTrue' ? [n.operand] : n.kind === 'since' ? [n.trigger, n.reset] : [];
    kids[id] = children.map((child, j) => visit(child, `${path}.${j}`));
    return id;
  };
  visit(c, '0');
  compiledByHash.set(hash, (out = { nodes, kids, paths }));
  return out;
}

/** Evaluates one asset's condition tree over all its partitions at once (vectors, not objects). */
class AssetEvaluator {
  readonly values: Uint8Array[] = [];
  readonly nodeState: Record<string, KeyRange[]> = {};
  constructor(
    readonly plan: CompiledCondition,
    readonly a: AssetSpace,
    readonly prev: AssetConditionState | undefined,
    readonly tick: TickFacts,
  ) {}

  #prevVec(path: string): Uint8Array {
    return keyRangesToVector(this.prev?.n?.[path], this.a.count, (k) => this.a.indexOf(k));
  }
  #anyDeps(pick: (up: AssetSpace) => Uint8Array | undefined): Uint8Array {
    const out = new Uint8Array(this.a.count);
    for (const edge of this.a.parents) {
      const v = pick(edge.up);
      if (!v) continue;
      const mapped = mapDown(this.a, edge, v);
      for (let i = 0; i < out.length; i++) out[i] = out[i]! | mapped[i]!;
    }
    return out;
  }
  #not(v: Uint8Array): Uint8Array {
    const out = new Uint8Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = v[i] ? 0 : 1;
    return out;
  }

  /** Node values of an unpartitioned asset (scalar mode), by node id. */
  scalars: Uint8Array | undefined;

  /** 0/1 of node `id` at partition `i`. */
  #val(id: number, i: number): number {
    return this.scalars ? this.scalars[id]! : this.values[id]![i]!;
  }

  /** Any upstream (by `pick`) set for this unpartitioned asset; unpartitioned upstreams without vectors. */
  #anyDep(scalar: (up: AssetSpace) => number | undefined, vector: (up: AssetSpace) => Uint8Array | undefined): number {
    for (const edge of this.a.parents) {
      if (!edge.up.partitioned) {
        if (scalar(edge.up) === 1) return 1;
        continue;
      }
      const v = vector(edge.up);
      if (v && mapDown(this.a, edge, v)[0] === 1) return 1;
    }
    return 0;
  }

  /** Scalar evaluation for unpartitioned assets: same semantics as `evaluate`, no vectors. */
  evaluateScalar(id: number): number {
    this.scalars ??= new Uint8Array(this.plan.nodes.length);
    const v = this.#scalar(id);
    this.scalars[id] = v;
    return v;
  }

  #scalar(id: number): number {
    const c = this.plan.nodes[id]!;
    const kids = this.plan.kids[id]!;
    const a = this.a;
    const t = this.tick;
    switch (c.kind) {
      case 'missing':
      case 'inProgress':
      case 'failed':
      case 'codeVersionChanged':
        return a.scalar(c.kind);
      case 'newlyUpdated': return a.scalarNewlyUpdated(t.watermark);
      case 'newlyRequested': return this.prev?.req !== undefined && this.prev.req.length > 0 ? 1 : 0;
      case 'inLatestTimeWindow': return 1;
      case 'cronTickPassed': return t.cronTickPassed(c.cron, c.timezone) === null ? 0 : 1;
      case 'anyDepsUpdated': return this.#anyDep((up) => up.scalarNewlyUpdated(t.watermark), (up) => up.newlyUpdated(t.watermark));
      case 'anyDepsMissing': return this.#anyDep((up) => (up.def.role === 'source' ? 0 : up.scalar('missing')), (up) => (up.def.role === 'source' ? undefined : up.missing()));
      case 'anyDepsInProgress': return this.#anyDep((up) => up.scalar('inProgress'), (up) => up.inProgress());
      case 'allDepsUpdatedSince': {
        const since = t.latestTick(c.cron, c.timezone);
        if (since === null) return 1;
        return 1 - this.#anyDep((up) => 1 - up.scalarUpdatedSince(since), (up) => this.#not(up.updatedSince(since)));
      }
      case 'and': {
        let out = 1;
        for (const k of kids) out &= this.evaluateScalar(k);
        return out;
      }
      case 'or': {
        let out = 0;
        for (const k of kids) out |= this.evaluateScalar(k);
        return out;
      }
      case 'not': return 1 - this.evaluateScalar(kids[0]!);
      case 'newlyTrue': {
        const path = this.plan.paths[id]!;
        const v = this.evaluateScalar(kids[0]!);
        const before = this.prev?.n?.[path] !== undefined ? 1 : 0;
        if (v) this.nodeState[path] = ONE;
        return v && !before ? 1 : 0;
      }
      case 'since': {
        const path = this.plan.paths[id]!;
        const trigger = this.evaluateScalar(kids[0]!);
        const reset = this.evaluateScalar(kids[1]!);
        const out = (this.prev?.n?.[path] !== undefined || trigger) && !reset ? 1 : 0;
        if (out) this.nodeState[path] = ONE;
        return out;
      }
    }
  }

  evaluate(id: number): Uint8Array {
    const v = this.#evaluate(id);
    this.values[id] = v;
    return v;
  }

  #evaluate(id: number): Uint8Array {
    const c = this.plan.nodes[id]!;
    const kids = this.plan.kids[id]!;
    const path = this.plan.paths[id]!;
    const a = this.a;
    const t = this.tick;
    switch (c.kind) {
      case 'missing': return a.missing();
      case 'inProgress': return a.inProgress();
      case 'failed': return a.failed();
      case 'newlyUpdated': return a.newlyUpdated(t.watermark);
      case 'newlyRequested': return keyRangesToVector(this.prev?.req, a.count, (k) => a.indexOf(k));
      case 'codeVersionChanged': return a.codeVersionChanged();
      case 'inLatestTimeWindow': return a.inLatestTimeWindow();
      case 'cronTickPassed': return new Uint8Array(a.count).fill(t.cronTickPassed(c.cron, c.timezone) === null ? 0 : 1);
      case 'anyDepsUpdated': return this.#anyDeps((up) => up.newlyUpdated(t.watermark));
      case 'anyDepsMissing': return this.#anyDeps((up) => (up.def.role === 'source' ? undefined : up.missing()));
      case 'anyDepsInProgress': return this.#anyDeps((up) => up.inProgress());
      case 'allDepsUpdatedSince': {
        const since = t.latestTick(c.cron, c.timezone);
        if (since === null) return new Uint8Array(a.count).fill(1);
        return this.#not(this.#anyDeps((up) => this.#not(up.updatedSince(since))));
      }
      case 'and':
      case 'or': {
        const out = new Uint8Array(a.count).fill(c.kind === 'and' ? 1 : 0);
        kids.forEach((k) => {
          const v = this.evaluate(k);
          if (c.kind === 'and') for (let i = 0; i < out.length; i++) out[i] = out[i]! & v[i]!;
          else for (let i = 0; i < out.length; i++) out[i] = out[i]! | v[i]!;
        });
        return out;
      }
      case 'not': return this.#not(this.evaluate(kids[0]!));
      case 'newlyTrue': {
        const v = this.evaluate(kids[0]!);
        const before = this.#prevVec(path);
        this.#keep(path, v);
        const out = new Uint8Array(a.count);
        for (let i = 0; i < out.length; i++) out[i] = v[i] && !before[i] ? 1 : 0;
        return out;
      }
      case 'since': {
        const trigger = this.evaluate(kids[0]!);
        const reset = this.evaluate(kids[1]!);
        const out = this.#prevVec(path);
        for (let i = 0; i < out.length; i++) out[i] = (out[i] || trigger[i]) && !reset[i] ? 1 : 0;
        this.#keep(path, out);
        return out;
      }
    }
  }

  #keep(path: string, v: Uint8Array): void {
    if (v.indexOf(1) >= 0) this.nodeState[path] = vectorKeyRanges(v, (i) => this.a.keyAt(i));
  }

  /** The first upstream partition read by partition `i` that is set in `pick(upstream)`, as "upstream `key` partition K". */
  #dep(i: number, pick: (up: AssetSpace) => Uint8Array | undefined): string | undefined {
    for (const edge of this.a.parents) {
      const v = pick(edge.up);
      if (!v) continue;
      const j = firstUpstream(this.a, edge, v, i);
      if (j >= 0) return `upstream ${edge.up.label(j)}`;
    }
    return undefined;
  }

  /** Why node `id` has value `value` at partition `i`, in plain words. */
  explain(id: number, i: number, value: boolean): string {
    const c = this.plan.nodes[id]!;
    const kids = this.plan.kids[id]!;
    const a = this.a;
    const t = this.tick;
    switch (c.kind) {
      case 'missing': return value ? 'it has never been materialized' : 'it is already materialized';
      case 'inProgress': return value ? 'a run materializing it is in progress' : 'no run is materializing it';
      case 'failed': return value ? 'its latest attempt failed' : 'its latest attempt did not fail';
      case 'newlyUpdated': return value ? 'it was materialized since the previous tick' : 'it was not materialized since the previous tick';
      case 'newlyRequested': return value ? 'it was requested by the previous tick' : 'it was not requested by the previous tick';
      case 'codeVersionChanged': {
        const m = a.state.latest.get(a.keyAt(i));
        return value ? `its code version changed (${m?.codeVersion ?? '?'} → ${a.def.codeVersion})` : 'its code version is unchanged';
      }
      case 'inLatestTimeWindow': return value ? 'it is the latest time partition' : 'it is not the latest time partition (only the latest is automated)';
      case 'cronTickPassed': {
        const tick = t.cronTickPassed(c.cron, c.timezone);
        return value && tick !== null ? `cron \`${c.cron}\` (${c.timezone}) ticked at ${fmt(tick)}` : `cron \`${c.cron}\` (${c.timezone}) has not ticked since the previous tick`;
      }
      case 'anyDepsUpdated':
        return value ? `${this.#dep(i, (up) => up.newlyUpdated(t.watermark)) ?? 'an upstream'} was updated since the previous tick` : 'no upstream was updated since the previous tick';
      case 'anyDepsMissing':
        return value ? `${this.#dep(i, (up) => (up.def.role === 'source' ? undefined : up.missing())) ?? 'an upstream'} is missing` : 'no upstream is missing';
      case 'anyDepsInProgress':
        return value ? `${this.#dep(i, (up) => up.inProgress()) ?? 'an upstream'} is being materialized` : 'no upstream is being materialized';
      case 'allDepsUpdatedSince': {
        const since = t.latestTick(c.cron, c.timezone);
        if (value) return since === null ? `cron \`${c.cron}\` has never ticked` : `every upstream was updated since the cron tick at ${fmt(since)}`;
        const late = this.#dep(i, (up) => this.#not(up.updatedSince(since!)));
        return `waiting for ${late ?? 'an upstream'}: not updated since the cron tick at ${fmt(since!)}`;
      }
      case 'and':
      case 'or': {
        const wantAll = (c.kind === 'and') === value; // and→true / or→false: every operand matters
        let text = '';
        for (const k of kids) {
          const v = this.#val(k, i) === 1;
          if (wantAll) {
            const o = this.plan.nodes[k]!;
            // in a true `and`, the negated guards and the window filter go without saying
            if (value && (o.kind === 'not' || o.kind === 'inLatestTimeWindow')) continue;
            const part = this.explain(k, i, v);
            if (text === '') text = part;
            else if (!text.includes(part)) text += (value ? '; ' : ' and ') + part;
          } else if (v === value) return this.explain(k, i, v);
        }
        return text;
      }
      case 'not': return this.explain(kids[0]!, i, !value);
      case 'newlyTrue': {
        const inner = this.#val(kids[0]!, i) === 1;
        if (!inner || value) return this.explain(kids[0]!, i, inner);
        return `${this.explain(kids[0]!, i, true)} (already so at the previous tick)`;
      }
      case 'since': {
        const trigger = this.#val(kids[0]!, i) === 1;
        const reset = this.#val(kids[1]!, i) === 1;
        if (value) return trigger ? this.explain(kids[0]!, i, true) : 'triggered at an earlier tick and not handled since';
        if (reset) return `${this.explain(kids[1]!, i, true)}, which handled it`;
        return this.explain(kids[0]!, i, false);
      }
    }
  }
}

/** Facts shared by every asset at one tick, computed once. */
class TickFacts {
  readonly #passed = new Map<string, number | null>();
  readonly #latest = new Map<string, number | null>();
  constructor(
    readonly now: number,
    readonly previousAt: number | null,
    readonly watermark: string | null,
  ) {}
  /** The last tick of `cron` in (previous tick, now], or null (always null on the first tick). */
  cronTickPassed(cron: string, timezone: string): number | null {
    const id = `${cron}\u0000${timezone}`;
    if (!this.#passed.has(id)) {
      const ticks = this.previousAt === null ? [] : cronTicksBetween(cron, timezone, this.previousAt, this.now);
      this.#passed.set(id, ticks.at(-1) ?? null);
    }
    return this.#passed.get(id)!;
  }
  latestTick(cron: string, timezone: string): number | null {
    const id = `${cron}\u0000${timezone}`;
    if (!this.#latest.has(id)) this.#latest.set(id, latestCronTick(cron, timezone, this.now));
    return this.#latest.get(id)!;
  }
}

/**
 * Evaluates the automation condition of every asset that has one, partition-aware, over boolean
 * vectors of partitions (no per-partition objects). Returns the requested partitions, an evaluation
 * record grouping partitions by outcome and reason, and the cursor for the next tick.
 *
 * @example
 * const { requested, evaluations, cursor } = evaluateConditions({ assets: defs.assets, snapshot, cursor: previous, now });
 */
export function evaluateConditions(options: {
  readonly assets: readonly AssetDefinition[];
  readonly snapshot: StateSnapshot;
  readonly cursor: ConditionsCursor | null;
  readonly now: number;
}): ConditionsResult {
  const { assets, snapshot, cursor, now } = options;
  let watermark: string | null = null;
  for (const s of snapshot.assets.values()) for (const m of s.latest.values()) if (watermark === null || compareIds(m.id, watermark) > 0) watermark = m.id;
  const automated = assets.filter((a) => a.automation !== undefined);
  const spaces = indexSpaces(assets, snapshot);
  const tick = new TickFacts(now, cursor?.evaluatedAt ?? null, cursor?.watermark ?? null);
  const evaluations: AssetEvaluation[] = [];
  const requested = new Map<string, readonly string[] | null>();
  const states: Record<string, AssetConditionState> = {};

  for (const def of automated) {
    const a = spaces.get(def.key)!;
    const condition = def.automation!;
    const h = conditionHash(condition);
    const stored = cursor?.assets[def.key];
    const ev = new AssetEvaluator(compile(condition, h), a, stored?.h === h ? stored : undefined, tick);
    const top = a.partitioned ? ev.evaluate(0) : Uint8Array.of(ev.evaluateScalar(0));

    const groups: { requested: boolean; reason: string; count: number; ranges: [string, string][] }[] = [];
    const byReason = new Map<string, (typeof groups)[number]>();
    let last: (typeof groups)[number] | undefined;
    let requestedCount = 0;
    for (let i = 0; i < a.count; i++) {
      const yes = top[i] === 1;
      if (yes) requestedCount++;
      const reason = `${yes ? 'requested' : 'not requested'}: ${ev.explain(0, i, yes)}`;
      let g = last?.reason === reason ? last : byReason.get(reason);
      const key = a.keyAt(i);
      if (!g) {
        g = { requested: yes, reason, count: 0, ranges: [] };
        byReason.set(reason, g);
        groups.push(g);
      }
      g.count++;
      if (a.partitioned) {
        const r = g.ranges[g.ranges.length - 1];
        if (g === last && r) r[1] = key;
        else g.ranges.push([key, key]);
      }
      last = g;
    }
    evaluations.push({ assetKey: def.key, partitioned: a.partitioned, total: a.count, requestedCount, groups });
    const req = requestedCount > 0 ? vectorKeyRanges(top, (i) => a.keyAt(i)) : undefined;
    if (requestedCount > 0) {
      const keys: string[] = [];
      for (let i = 0; i < top.length; i++) if (top[i]) keys.push(a.keyAt(i));
      requested.set(def.key, a.partitioned ? keys : null);
    }
    const n = Object.keys(ev.nodeState).length > 0 ? ev.nodeState : undefined;
    states[def.key] = { h, ...(req ? { req } : {}), ...(n ? { n } : {}) };
  }
  return { evaluations, requested, cursor: { v: 1, evaluatedAt: now, watermark: watermark ?? cursor?.watermark ?? '0', assets: states } };
}
