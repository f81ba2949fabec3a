import type { StaleCause } from '@baton/planner';
import { builder } from './builder';

export const StaleCauseType = builder.objectRef<StaleCause>('StaleCause');

StaleCauseType.implement({
  description: 'Why an asset partition is stale, with the chain down to the root causes in `children`.',
  fields: (t) => ({
    assetKey: t.exposeString('assetKey'),
    partitionKey: t.exposeString('partitionKey', { nullable: true }),
    category: t.exposeString('category', { description: 'code, data or dependencies' }),
    type: t.exposeString('type', { description: 'e.g. code-version-changed, upstream-data-changed, upstream-stale' }),
    reason: t.exposeString('reason', { description: 'A readable sentence.' }),
    dependencyAssetKey: t.string({ nullable: true, resolve: (c) => c.dependency?.assetKey ?? null }),
    dependencyPartitionKey: t.string({ nullable: true, resolve: (c) => c.dependency?.partitionKey ?? null }),
    children: t.field({ type: [StaleCauseType], resolve: (c) => [...c.children] }),
    rootCauses: t.field({
      type: [StaleCauseType],
      description: 'The leaves of the chain under this cause (itself when it has no children): what actually changed.',
      resolve: (c) => rootCauses(c),
    }),
  }),
});

function rootCauses(cause: StaleCause): StaleCause[] {
  if (cause.children.length === 0) return [cause];
  const out: StaleCause[] = [];
  const seen = new Set<string>();
  const walk = (c: StaleCause) => {
    if (c.children.length === 0) {
      const id = `${c.assetKey}\u0000${c.partitionKey}\u0000${c.type}\u0000${c.reason}`;
      if (!seen.has(id)) {
        seen.add(id);
        out.push(c);
      }
    } else c.children.forEach(walk);
  };
  walk(cause);
  return out;
}
