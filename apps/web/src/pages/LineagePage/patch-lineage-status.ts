interface LineageLike {
  readonly lineage: { readonly nodes: readonly { readonly key: string; readonly status: string }[] };
}

/**
 * The lineage answer with one asset's status replaced (the same object when nothing changes, so React
 * Query keeps its data and nothing re-renders).
 *
 * @example
 * client.setQueryData(key, (old) => old && patchLineageStatus(old, 'raw/orders', 'FRESH'));
 */
export function patchLineageStatus<T extends LineageLike>(data: T, key: string, status: string): T {
  const i = data.lineage.nodes.findIndex((n) => n.key === key);
  if (i < 0 || data.lineage.nodes[i]!.status === status) return data;
  const nodes = [...data.lineage.nodes];
  nodes[i] = { ...nodes[i]!, status };
  return { ...data, lineage: { ...data.lineage, nodes } };
}
