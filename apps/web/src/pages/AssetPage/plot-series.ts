/** One point of a plot: its place on the x axis (a partition key or a time), its value and a label. */
export interface PlotPoint {
  readonly x: string;
  readonly y: number;
  readonly label: string;
}

/** A named series of points in x order. */
export interface PlotSeries {
  readonly name: string;
  readonly points: readonly PlotPoint[];
}

interface MaterializationLike {
  readonly partitionKey?: string | null;
  readonly timestamp: number;
  readonly metadata: unknown;
}

interface StepLike {
  readonly assetKeys: readonly string[];
  readonly partitionKeys: readonly string[];
  readonly status: string;
  readonly durationMs?: number | null;
  readonly startedAt?: number | null;
}

interface CheckResultLike {
  readonly checkName: string;
  readonly partitionKey?: string | null;
  readonly passed: boolean;
  readonly timestamp: number;
}

/** A check's results along the x axis (partition or time), oldest or lowest first. */
export interface CheckTrack {
  readonly name: string;
  readonly results: readonly { readonly x: string; readonly passed: boolean; readonly label: string }[];
}

const iso = (ts: number) => new Date(ts).toISOString().slice(0, 16).replace('T', ' ');

/**
 * For a partitioned asset the x axis is the partition key (its newest event wins), otherwise the time of
 * each event. Returns the events in x order with their x.
 */
function along<T extends { partitionKey?: string | null; timestamp: number }>(items: readonly T[], partitioned: boolean): { x: string; item: T }[] {
  if (!partitioned) return [...items].sort((a, b) => a.timestamp - b.timestamp).map((item) => ({ x: iso(item.timestamp), item }));
  const newest = new Map<string, T>();
  for (const item of items) {
    const k = item.partitionKey ?? '';
    const seen = newest.get(k);
    if (!seen || seen.timestamp < item.timestamp) newest.set(k, item);
  }
  return [...newest.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([x, item]) => ({ x, item }));
}

/**
 * Every numeric metadata entry the materializations recorded (row counts, bytes, anything an asset adds),
 * one series per entry name in first-seen order.
 *
 * @example
 * metadataSeries(materializations, true); // [{ name: 'rows', points: [{ x: '2026-01-01', y: 10, … }] }]
 */
export function metadataSeries(materializations: readonly MaterializationLike[], partitioned: boolean): PlotSeries[] {
  const series = new Map<string, PlotPoint[]>();
  for (const { x, item } of along(materializations, partitioned)) {
    const metadata = item.metadata;
    if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) continue;
    for (const [name, value] of Object.entries(metadata)) {
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      let points = series.get(name);
      if (!points) series.set(name, (points = []));
      points.push({ x, y: value, label: `${x}: ${value.toLocaleString()}` });
    }
  }
  return [...series.entries()].map(([name, points]) => ({ name, points }));
}

/**
 * How long the asset's steps took per partition (its newest successful step for each), or per run for an
 * unpartitioned asset. A step over several partitions counts once, under its first partition.
 *
 * @example
 * stepDurations(runs.flatMap((r) => r.steps), 'raw/orders', true);
 */
export function stepDurations(steps: readonly StepLike[], assetKey: string, partitioned: boolean): PlotSeries {
  const done = steps
    .filter((s) => s.assetKeys.includes(assetKey) && s.status === 'SUCCESS' && s.durationMs != null && s.startedAt != null)
    .map((s) => ({ ...s, partitionKey: s.partitionKeys[0] ?? null, timestamp: s.startedAt! }));
  const points = along(done, partitioned).map(({ x, item }) => {
    const more = item.partitionKeys.length > 1 ? ` (with ${item.partitionKeys.length - 1} more partitions)` : '';
    return { x, y: item.durationMs!, label: `${x}${more}: ${Math.round(item.durationMs!).toLocaleString()} ms` };
  });
  return { name: 'step duration (ms)', points };
}

/**
 * Each check's results along the partitions (newest per partition) or over time.
 *
 * @example
 * checkTracks(history, true); // [{ name: 'amounts_positive', results: [{ x: '2026-01-01', passed: true, … }] }]
 */
export function checkTracks(results: readonly CheckResultLike[], partitioned: boolean): CheckTrack[] {
  const byCheck = new Map<string, CheckResultLike[]>();
  for (const r of results) {
    let list = byCheck.get(r.checkName);
    if (!list) byCheck.set(r.checkName, (list = []));
    list.push(r);
  }
  return [...byCheck.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, list]) => ({
      name,
      results: along(list, partitioned).map(({ x, item }) => ({ x, passed: item.passed, label: `${x}: ${item.passed ? 'passed' : 'failed'}` })),
    }));
}
