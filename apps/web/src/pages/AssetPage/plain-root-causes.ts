/** A root cause as the API returns it (the leaf of a staleness chain). */
export interface RootCauseLike {
  readonly assetKey?: string | null;
  readonly partitionKey?: string | null;
  readonly type?: string | null;
  readonly reason?: string | null;
  readonly dependencyAssetKey?: string | null;
  readonly dependencyPartitionKey?: string | null;
}

/** One root cause in plain words, over every partition it applies to; `details` keep the exact reasons (versions). */
export interface PlainRootCause {
  readonly text: string;
  /** The asset to link to (whose change it is). */
  readonly assetKey: string | null;
  readonly partitions: number;
  readonly details: readonly string[];
}

function sentence(c: RootCauseLike): { text: string; assetKey: string | null } {
  const asset = c.assetKey ?? 'this asset';
  const dep = c.dependencyAssetKey ?? 'an upstream asset';
  switch (c.type) {
    case 'code-version-changed': return { text: `the code of ${asset} changed since it was built`, assetKey: c.assetKey ?? null };
    case 'upstream-data-changed': return { text: `${dep} has new data since ${asset} was built`, assetKey: dep };
    case 'upstream-missing': return { text: `${dep} was never materialized (or its data is gone)`, assetKey: dep };
    case 'dependency-added': return { text: `${asset} now depends on ${dep}`, assetKey: c.assetKey ?? null };
    case 'dependency-removed': return { text: `${asset} no longer depends on ${dep}`, assetKey: c.assetKey ?? null };
    case 'upstream-partition-added':
    case 'upstream-partition-removed': return { text: `the partitions of ${dep} that ${asset} reads changed`, assetKey: dep };
    case 'upstream-stale': return { text: `${dep} is stale`, assetKey: dep };
    case 'upstream-pending': return { text: `${dep} has upstream changes pending`, assetKey: dep };
    default: return { text: c.reason ?? 'unknown cause', assetKey: c.assetKey ?? null };
  }
}

/**
 * The root causes of a set of stale causes in plain words, without versions or hashes: one line per
 * kind of change and asset, with how many partitions it covers (most first), the exact reasons kept as
 * details.
 *
 * @example
 * plainRootCauses(roots); // [{ text: 'the code of raw/orders changed since it was built', partitions: 34, … }]
 */
export function plainRootCauses(roots: readonly RootCauseLike[]): PlainRootCause[] {
  const groups = new Map<string, { text: string; assetKey: string | null; partitions: Set<string>; details: Set<string> }>();
  for (const r of roots) {
    const { text, assetKey } = sentence(r);
    let g = groups.get(text);
    if (!g) groups.set(text, (g = { text, assetKey, partitions: new Set(), details: new Set() }));
    g.partitions.add(r.dependencyPartitionKey ?? r.partitionKey ?? '');
    if (r.reason) g.details.add(r.reason);
  }
  return [...groups.values()]
    .map((g) => ({ text: g.text, assetKey: g.assetKey, partitions: g.partitions.size, details: [...g.details] }))
    .sort((a, b) => b.partitions - a.partitions || (a.text < b.text ? -1 : 1));
}
