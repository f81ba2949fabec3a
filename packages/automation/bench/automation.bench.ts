import { asset, dailyPartitions, definitions, eager, input, type AssetDefinition, type AutomationState, type Definitions, type StateSnapshot } from '@baton/core';
import { below, medianMs, type BenchScenario } from '../../../bench/scenario';
import { evaluateTick } from '../src/index';
import { snap, type AssetFacts } from '../test/fixtures';

/** Deterministic PRNG so every run measures the same graph. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return (s >>> 8) / 0x1000000;
  };
}

/** `layers` × `width` assets with eager conditions, each reading 1–3 assets of earlier layers. */
function layered(layers: number, width: number, extra: Record<string, unknown>): AssetDefinition[] {
  const rand = rng(42);
  const out: AssetDefinition[] = [];
  for (let l = 0; l < layers; l++) {
    for (let w = 0; w < width; w++) {
      const ins: Record<string, ReturnType<typeof input>> = {};
      if (l > 0) for (let k = 0, n = 1 + Math.floor(rand() * 3); k < n; k++) ins[`i${k}`] = input(`l${Math.max(0, l - 1 - Math.floor(rand() * 3))}/a${Math.floor(rand() * width)}`);
      out.push(asset({ key: `l${l}/a${w}`, ins, compute: () => 1, automation: eager(), ...extra } as never));
    }
  }
  return out;
}

/**
 * Two ticks' inputs: everything materialized (a few partitions missing), then a second snapshot in
 * which ~2% of assets got new materializations. The measured tick is the second, with the first's state.
 */
async function fixture(defs: Definitions, keysOf: (a: AssetDefinition) => string[], now: number) {
  const rand = rng(7);
  let id = 1;
  const facts: Record<string, { latest: Record<string, [number, number]> }> = {};
  for (const a of defs.assets) {
    const latest: Record<string, [number, number]> = {};
    for (const k of keysOf(a)) if (rand() > 0.005) latest[k] = [id++, now - 3_600_000];
    facts[a.key] = { latest };
  }
  const first = await evaluateTick({ definitions: defs, snapshot: snap(now, facts as Record<string, AssetFacts>), state: [], now });
  for (const a of defs.assets) {
    if (rand() < 0.02) {
      const keys = keysOf(a);
      const last = keys[keys.length - 1]!;
      facts[a.key]!.latest[last] = [id++, now + 10_000];
    }
  }
  const snapshot: StateSnapshot = snap(now + 30_000, facts as Record<string, AssetFacts>);
  const state: AutomationState[] = [...first.states];
  return () => evaluateTick({ definitions: defs, snapshot, state, now: now + 30_000 });
}

const NOW = Date.UTC(2026, 0, 1, 0, 30);

export const scenarios: BenchScenario[] = [
  {
    name: 'automation.tick.35x2000',
    unit: 'ms',
    bar: below(500),
    async run() {
      const days = dailyPartitions({ start: '2020-07-11' }); // 2,000 complete days at NOW
      const defs = definitions({ assets: layered(5, 7, { partitions: days }) });
      const keys = days.keys({ now: NOW });
      if (keys.length !== 2000) throw new Error(`expected 2000 partitions, got ${keys.length}`);
      const tick = await fixture(defs, () => keys, NOW);
      const check = await tick();
      if (check.evaluations.length !== 35 || check.evaluations.some((e) => e.total !== 2000)) throw new Error('bench fixture did not evaluate 35 × 2,000 partitions');
      return { value: await medianMs(tick, 5) };
    },
  },
  {
    name: 'automation.tick.10k',
    unit: 'ms',
    bar: below(300),
    async run() {
      const defs = definitions({ assets: layered(100, 100, {}) });
      const tick = await fixture(defs, () => [''], NOW);
      const check = await tick();
      if (check.evaluations.length !== 10_000 || check.runRequests.length === 0) throw new Error('bench fixture did not evaluate 10,000 assets with requests');
      return { value: await medianMs(tick, 5) };
    },
  },
];
