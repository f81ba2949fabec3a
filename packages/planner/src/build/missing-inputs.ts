import type { IndexedAsset, IndexedEdge } from '../internal/asset-index';
import { PlanWarning } from '../plan/plan-warning';

const OK = 0;
const MISSING = 1;
const FAILED = 2;

interface Finding {
  readonly down: IndexedAsset;
  readonly up: IndexedAsset;
  readonly seen: Uint8Array;
  count: number;
  failed: number;
  first: number;
  last: number;
  readers: number;
  lastReader: number;
}

/**
 * Collects, while a plan is built, the upstream partitions its steps read that the plan does not
 * rebuild and that hold no value: never materialized, or only failed. Such steps will fail on a
 * missing input, so the preview says so before anything launches (one warning per edge).
 */
export class MissingInputs {
  readonly #status = new Map<number, Uint8Array>();
  readonly #found = new Map<string, Finding>();

  /** False when every partition of `upstream` holds a value (then no read of it can miss): callers skip the edge. */
  mayMiss(edge: IndexedEdge): boolean {
    if (edge.upstream.def.role === 'source') return false;
    return this.#gaps(edge.upstream);
  }

  /** Notes that partition `down[i]` reads `edge.upstream[j]`, which this plan does not rebuild. */
  check(down: IndexedAsset, edge: IndexedEdge, i: number, j: number): void {
    const up = edge.upstream;
    if (up.def.role === 'source') return;
    const status = this.#statusAt(up, j);
    if (status === OK || status === undefined) return;
    const id = `${down.position}:${up.position}`;
    let f = this.#found.get(id);
    if (!f) {
      f = { down, up, seen: new Uint8Array(up.count), count: 0, failed: 0, first: j, last: j, readers: 0, lastReader: -1 };
      this.#found.set(id, f);
    }
    if (f.lastReader !== i) {
      f.lastReader = i;
      f.readers++;
    }
    if (f.seen[j]) return;
    f.seen[j] = 1;
    f.count++;
    if (status === FAILED) f.failed++;
    if (j < f.first) f.first = j;
    if (j > f.last) f.last = j;
  }

  /** One `missing-inputs` warning per (downstream, upstream) pair, in the order they were found. */
  warnings(): PlanWarning[] {
    return [...this.#found.values()].map((f) => {
      const self = f.up === f.down;
      const one = f.count === 1;
      const which = !f.up.partitioned
        ? `"${f.up.key}"`
        : `${one ? 'partition' : `${f.count.toLocaleString('en-US')} partitions`} ${one ? f.up.keyAt(f.first) : `(${f.up.keyAt(f.first)} … ${f.up.keyAt(f.last)})`}${self ? '' : ` of "${f.up.key}"`}`;
      const state = f.failed === 0 ? 'never materialized' : f.failed === f.count ? 'only failed' : 'never materialized or only failed';
      const readers = f.down.partitioned ? `${f.readers.toLocaleString('en-US')} partition${f.readers === 1 ? '' : 's'} of "${f.down.key}"` : `"${f.down.key}"`;
      const message =
        `${readers} read${f.readers === 1 ? 's' : ''} ${self ? 'its own earlier ' : ''}${which}, ${one ? 'which is' : 'which are'} ${state} ` +
        `and not rebuilt by this plan: ${f.readers === 1 ? 'that step' : 'those steps'} will fail on a missing input`;
      const hint = self
        ? `widen the range to start at ${f.up.keyAt(f.first)}, or materialize it first`
        : `add "${f.up.key}" to the selection${f.up.partitioned ? ' with a range that covers those partitions' : ''}, or materialize ${one ? 'it' : 'them'} first`;
      return PlanWarning.create({ code: 'missing-inputs', severity: 'error', message, hint, assetKey: f.down.key, suggestedBatchSize: null });
    });
  }

  readonly #hasGaps = new Map<number, boolean>();

  #gaps(up: IndexedAsset): boolean {
    let gaps = this.#hasGaps.get(up.position);
    if (gaps === undefined) {
      gaps = this.#statusOf(up).some((s) => s !== OK);
      this.#hasGaps.set(up.position, gaps);
    }
    return gaps;
  }

  /**
   * The status of `up[j]`: from its array once `mayMiss` built it, else from the partition's own key, so a
   * one-partition plan reads the few partitions its step reads, not the upstream's whole key space.
   */
  #statusAt(up: IndexedAsset, j: number): number | undefined {
    const known = this.#status.get(up.position);
    if (known) return known[j];
    if (j < 0 || j >= up.count) return undefined;
    const key = up.keyAt(j);
    if (up.state.latest.has(key)) return OK;
    return up.state.failed.has(key) ? FAILED : MISSING;
  }

  /** Per upstream partition: OK (a value exists), MISSING (never materialized) or FAILED (only failed attempts). */
  #statusOf(up: IndexedAsset): Uint8Array {
    let status = this.#status.get(up.position);
    if (status) return status;
    const { latest, failed } = up.state;
    status = new Uint8Array(up.count).fill(MISSING);
    for (const key of latest.keys()) {
      const i = up.indexOf(key);
      if (i >= 0) status[i] = OK;
    }
    for (const key of failed) {
      const i = up.indexOf(key);
      if (i >= 0 && status[i] === MISSING) status[i] = FAILED;
    }
    this.#status.set(up.position, status);
    return status;
  }
}
