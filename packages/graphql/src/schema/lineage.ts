import { resolveSelection, type AssetDefinition } from '@baton/core';
import { z } from 'zod';
import { inputError, mapBatonErrors } from '../internal/to-graphql-error';
import { selectsField } from '../internal/selects-field';
import { validateInput } from '../internal/validate-input';
import { Asset } from './asset';
import { builder } from './builder';

const selectionSchema = z.string().min(1, 'must not be empty').max(10_000);

const LineageEdge = builder.objectRef<{ from: string; to: string }>('LineageEdge').implement({
  description: '`from` (upstream) feeds `to` (downstream).',
  fields: (t) => ({ from: t.exposeString('from'), to: t.exposeString('to') }),
});

const Lineage = builder.objectRef<{ nodes: AssetDefinition[]; edges: { from: string; to: string }[] }>('Lineage').implement({
  description: 'A piece of the asset graph: every node with its status, and the edges between them.',
  fields: (t) => ({
    nodes: t.field({ type: [Asset], resolve: (l) => l.nodes }),
    edges: t.field({ type: [LineageEdge], resolve: (l) => l.edges }),
  }),
});

const LineageAround = builder.inputType('LineageAround', {
  fields: (t) => ({
    assetKey: t.string({ required: true }),
    upstreamDepth: t.int({ description: 'Layers upstream (default 1; null for all).', defaultValue: 1 }),
    downstreamDepth: t.int({ description: 'Layers downstream (default 1; null for all).', defaultValue: 1 }),
  }),
});

const aroundSchema = z.object({
  assetKey: z.string().min(1).max(500),
  upstreamDepth: z.number().int().min(0).max(1000).nullish(),
  downstreamDepth: z.number().int().min(0).max(1000).nullish(),
});

builder.queryField('lineage', (t) =>
  t.field({
    type: Lineage,
    description: 'Nodes and edges for a selection (e.g. `+group:marts`, `key:raw/* and tag:pii`), or around one asset; all assets when neither is given.',
    args: { selection: t.arg.string(), around: t.arg({ type: LineageAround }) },
    resolve: async (_root, args, ctx, info) => {
      // node fields (status) resolve synchronously once the request's planner state is known
      if (selectsField(info, 'status') || selectsField(info, 'latestMaterialization')) await ctx.plannerState();
      return mapBatonErrors(() => {
        const defs = ctx.definitions();
        const graph = defs.graph;
        if (args.selection != null && args.around != null) throw inputError('INPUT_INVALID', 'Invalid lineage: pass either selection or around, not both');
        let keys: readonly string[];
        if (args.around) {
          const around = validateInput(aroundSchema, args.around, 'around');
          defs.get(around.assetKey); // ASSET_NOT_FOUND with a hint
          const up = graph.ancestors(around.assetKey, around.upstreamDepth ?? undefined);
          const down = graph.descendants(around.assetKey, around.downstreamDepth ?? undefined);
          keys = [...new Set([...up, around.assetKey, ...down])].sort();
        } else if (args.selection != null) {
          validateInput(selectionSchema, args.selection, 'selection');
          keys = resolveSelection(args.selection, defs);
        } else keys = graph.keys;
        const inSet = keys === graph.keys ? undefined : new Set(keys);
        const nodes = keys.map((k) => graph.node(k) as AssetDefinition);
        const edges: { from: string; to: string }[] = [];
        const csr = graph.childCsr;
        for (const key of keys) {
          const i = graph.indexOf(key);
          for (let k = csr.offsets[i]!; k < csr.offsets[i + 1]!; k++) {
            const to = graph.keys[csr.targets[k]!]!;
            if (!inSet || inSet.has(to)) edges.push({ from: key, to });
          }
        }
        return { nodes, edges };
      });
    },
  }),
);
