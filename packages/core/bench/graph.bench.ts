/**
 * core.graph-build.10k: definitions() (validation + AssetGraph build + topological order) over a
 * 10,000-asset random layered DAG with 1–3 deps each. The asset() objects are created once,
 * outside the timed part; the timing covers definitions() and graph.topologicalOrder()/levels().
 * core.selection.10k: resolve `+tag:x+ and not group:y` (parse included) over the same graph.
 * core.graph-build.100k: the same build over 100,000 assets in 200 layers (median of 3).
 */
import { below, medianMs, type BenchScenario } from '../../../bench/scenario';
import { asset, definitions, resolveSelection, seededRandom as prng, type AnyAssetDefinition, type Definitions } from '../src/index';

/** `count` assets in `layers` layers; each non-root asset takes 1–3 inputs from earlier layers. */
export function layeredAssets(count = 10_000, layers = 50, seed = 42): AnyAssetDefinition[] {
  const random = prng(seed);
  const perLayer = Math.ceil(count / layers);
  const assets: AnyAssetDefinition[] = [];
  for (let i = 0; i < count; i++) {
    const layer = Math.floor(i / perLayer);
    const ins: Record<string, AnyAssetDefinition> = {};
    if (layer > 0) {
      const deps = 1 + Math.floor(random() * 3);
      for (let d = 0; d < deps; d++) ins[`in${d}`] = assets[Math.floor(random() * layer * perLayer)]!;
    }
    const tags: Record<string, string> = random() < 0.01 ? { x: 'yes' } : {};
    assets.push(
      asset({
        key: `layer_${layer}/asset_${i}`,
        group: random() < 0.3 ? 'y' : `g${i % 7}`,
        tags,
        ins,
        compute: () => i,
      }),
    );
  }
  return assets;
}

let shared: { assets: AnyAssetDefinition[]; defs: Definitions } | undefined;
const fixture = () => {
  if (!shared) {
    const assets = layeredAssets();
    shared = { assets, defs: definitions({ assets }) };
  }
  return shared;
};

export const scenarios: BenchScenario[] = [
  {
    name: 'core.graph-build.10k',
    unit: 'ms',
    bar: below(200),
    async run() {
      const { assets } = fixture();
      const value = await medianMs(() => {
        const defs = definitions({ assets });
        defs.graph.levels();
        return defs;
      }, 7);
      return { value };
    },
  },
  {
    name: 'core.graph-build.100k',
    unit: 'ms',
    bar: below(1000),
    async run() {
      const assets = layeredAssets(100_000, 200, 7);
      const value = await medianMs(() => {
        const defs = definitions({ assets });
        defs.graph.levels();
        return defs;
      }, 3);
      return { value };
    },
  },
  {
    name: 'core.selection.10k',
    unit: 'ms',
    bar: below(20),
    async run() {
      const { defs } = fixture();
      const selected = resolveSelection('+tag:x+ and not group:y', defs);
      if (selected.length === 0) throw new Error('the benchmark selection selected nothing; the fixture is wrong');
      const value = await medianMs(() => resolveSelection('+tag:x+ and not group:y', defs), 15);
      return { value };
    },
  },
];
