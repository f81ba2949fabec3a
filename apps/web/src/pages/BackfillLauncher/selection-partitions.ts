/** What the launcher needs to know about the partitionings of the selected assets. */
export interface SelectionPartitions {
  /** Names of the time partitionings (and time dimensions), e.g. ["Hourly (UTC)", "Daily (UTC)"]. */
  readonly timeLabels: readonly string[];
  /** Static dimensions by name ('*' for plain static partitionings): their keys and who uses them. */
  readonly statics: readonly { readonly name: string; readonly label: string; readonly keys: readonly string[]; readonly assets: number }[];
  /** Names of dynamic partitionings (every key is included). */
  readonly dynamicLabels: readonly string[];
  /** Sum over the selected partitioned assets of the partitions that exist. */
  readonly totalPartitions: number;
  readonly partitionedAssets: number;
  readonly unpartitionedAssets: number;
}

interface NodeLike {
  readonly isSource?: boolean | null;
  readonly partitioning?: {
    readonly kind?: string | null;
    readonly label?: string | null;
    readonly partitionCount?: number | null;
    readonly dimensions?: readonly { readonly name?: string | null; readonly kind?: string | null; readonly label?: string | null; readonly keys?: readonly string[] | null }[] | null;
  } | null;
}

/**
 * Folds the selected assets' partitionings into one range (for every time partitioning), key
 * pickers per static dimension, and the counts the launcher shows.
 *
 * @example
 * summarizeSelectionPartitions(data.lineage.nodes).timeLabels; // ['Hourly (UTC)', 'Daily (UTC)']
 */
export function summarizeSelectionPartitions(nodes: readonly NodeLike[]): SelectionPartitions {
  const time = new Set<string>();
  const dynamic = new Set<string>();
  const statics = new Map<string, { name: string; labels: Set<string>; keys: string[]; assets: number }>();
  let totalPartitions = 0;
  let partitionedAssets = 0;
  let unpartitionedAssets = 0;
  for (const node of nodes) {
    if (node.isSource) continue;
    const p = node.partitioning;
    if (!p) {
      unpartitionedAssets++;
      continue;
    }
    partitionedAssets++;
    totalPartitions += p.partitionCount ?? 0;
    for (const d of p.dimensions ?? []) {
      if (d.kind === 'time-window') time.add(d.label ?? '');
      else if (d.kind === 'dynamic') dynamic.add(d.label ?? '');
      else if (d.kind === 'static') {
        const name = d.name ?? '*';
        const entry = statics.get(name) ?? { name, labels: new Set<string>(), keys: [], assets: 0 };
        entry.labels.add(name === '*' ? (d.label ?? '') : `${name}`);
        for (const k of d.keys ?? []) if (!entry.keys.includes(k)) entry.keys.push(k);
        entry.assets++;
        statics.set(name, entry);
      }
    }
  }
  return {
    timeLabels: [...time],
    statics: [...statics.values()].map((s) => ({ name: s.name, label: s.name === '*' ? 'Static partitions' : `Dimension "${s.name}"`, keys: s.keys, assets: s.assets })),
    dynamicLabels: [...dynamic],
    totalPartitions,
    partitionedAssets,
    unpartitionedAssets,
  };
}
