/** One group of an asset's partitions that shared an outcome and a reason at a conditions tick. */
export interface EvaluationGroupView {
  readonly requested: boolean;
  readonly reason: string;
  readonly count: number;
  /** e.g. `2026-01-01 … 2026-01-31, 2026-02-03`; empty for an unpartitioned asset. */
  readonly partitions: string;
}

/** What a conditions tick decided for one asset. */
export interface AssetEvaluationView {
  readonly assetKey: string;
  readonly partitioned: boolean;
  readonly total: number;
  readonly requestedCount: number;
  readonly groups: readonly EvaluationGroupView[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * Key ranges (`[first, last]` pairs) as short text: at most `max` ranges, then `+N more`.
 *
 * @example
 * rangesText([['2026-01-01', '2026-01-31'], ['2026-02-03', '2026-02-03']]); // '2026-01-01 … 2026-01-31, 2026-02-03'
 */
export function rangesText(ranges: unknown, max = 3): string {
  if (!Array.isArray(ranges)) return '';
  const parts = ranges.flatMap((r) => (Array.isArray(r) && typeof r[0] === 'string' && typeof r[1] === 'string' ? [r[0] === r[1] ? r[0] : `${r[0]} … ${r[1]}`] : []));
  if (parts.length <= max) return parts.join(', ');
  return `${parts.slice(0, max).join(', ')} +${parts.length - max} more`;
}

/**
 * The per-asset evaluations of a stored conditions tick (`evaluation.kind === 'conditions'`), requested
 * assets first; an empty list for schedule and sensor ticks or an unreadable record.
 *
 * @example
 * conditionsOf(tick.evaluation)[0]?.groups[0]?.reason; // 'not requested: upstream `raw/orders` partition 2026-03-01 is missing'
 */
export function conditionsOf(evaluation: unknown): AssetEvaluationView[] {
  if (!isRecord(evaluation) || evaluation.kind !== 'conditions' || !Array.isArray(evaluation.assets)) return [];
  const out: AssetEvaluationView[] = [];
  for (const a of evaluation.assets) {
    if (!isRecord(a) || typeof a.assetKey !== 'string') continue;
    const groups = (Array.isArray(a.groups) ? a.groups : []).flatMap((g): EvaluationGroupView[] =>
      isRecord(g) ? [{ requested: g.requested === true, reason: typeof g.reason === 'string' ? g.reason : '', count: num(g.count), partitions: a.partitioned === true ? rangesText(g.ranges) : '' }] : [],
    );
    out.push({ assetKey: a.assetKey, partitioned: a.partitioned === true, total: num(a.total), requestedCount: num(a.requestedCount), groups });
  }
  return out.sort((x, y) => Number(y.requestedCount > 0) - Number(x.requestedCount > 0) || x.assetKey.localeCompare(y.assetKey));
}

/**
 * Schedule ticks the evaluation fired or skipped (catch-up), as ISO strings, when the record has them.
 *
 * @example
 * scheduleTicksOf({ kind: 'schedule', ticks: [1767258300000], skipped: [] }); // { fired: ['2026-01-01T09:05:00Z'], skipped: [] }
 */
export function scheduleTicksOf(evaluation: unknown): { fired: string[]; skipped: string[] } {
  const iso = (v: unknown) => (typeof v === 'number' ? [new Date(v).toISOString().replace('.000Z', 'Z')] : typeof v === 'string' ? [v] : []);
  if (!isRecord(evaluation) || evaluation.kind !== 'schedule') return { fired: [], skipped: [] };
  return {
    fired: (Array.isArray(evaluation.ticks) ? evaluation.ticks : []).flatMap(iso),
    skipped: (Array.isArray(evaluation.skipped) ? evaluation.skipped : []).flatMap(iso),
  };
}
