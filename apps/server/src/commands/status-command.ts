import type { CheckResultRecord } from '@baton/core';
import type { GlobalOptions } from '../cli/global-options';
import { formatRanges } from '../format/format-partitions';
import { formatTable } from '../format/format-table';
import { summarizeChecks } from '../format/summarize-checks';
import { print, printJson } from '../format/print';
import { openProject } from '../project/open-project';

/**
 * `baton status`: one row per asset with its status (fresh, stale, missing, failed, in progress)
 * and why, in plain words; a fresh asset that reads something out of date says "upstream changes
 * pending" and what.
 *
 * @example
 * await statusCommand({}, { select: 'group:marts' });
 */
export async function statusCommand(globals: GlobalOptions, options: { select?: string }): Promise<number> {
  const project = await openProject(globals);
  try {
    const { computeStaleness, selectAssetKeys } = await import('@baton/planner');
    const keys = selectAssetKeys(project.definitions, options.select);
    const snapshot = await project.storage.loadStateSnapshot({ now: Date.now() });
    const report = computeStaleness(project.definitions, snapshot);
    const hasChecks = project.definitions.checks.length > 0;
    const latestChecks = new Map<string, CheckResultRecord[]>();
    for (const r of hasChecks ? await project.storage.latestCheckResults(keys) : []) {
      const list = latestChecks.get(r.assetKey);
      if (list) list.push(r);
      else latestChecks.set(r.assetKey, [r]);
    }
    const rows = keys.map((key) => {
      const summary = report.summary(key);
      const why = describeWhy(summary, () => report.causes(key)[0]?.reason);
      // fresh by its own rules, but something it reads is out of date: say so, with the first such upstream
      const checks = summarizeChecks(project.definitions.checksOf(key), latestChecks.get(key) ?? []);
      return { asset: key, status: summary.status, upstreamChangesPending: summary.upstreamChangesPending, why, counts: summary.counts, total: summary.total, checks };
    });
    if (globals.json) printJson(rows);
    // the checks column only for projects that define checks
    else if (hasChecks) print(formatTable(['asset', 'status', 'checks', 'why'], rows.map((r) => [r.asset, r.status.replace('_', ' '), r.checks.text, r.why])));
    else print(formatTable(['asset', 'status', 'why'], rows.map((r) => [r.asset, r.status.replace('_', ' '), r.why])));
    return 0;
  } finally {
    await project.close();
  }
}

type Summary = ReturnType<ReturnType<typeof import('@baton/planner').computeStaleness>['summary']>;

function describeWhy(summary: Summary, firstCause: () => string | undefined): string {
  const text = describeStatus(summary, firstCause);
  if (summary.upstreamChangesPending === 0) return text;
  const pending = summary.partitionsDefinitionId !== null ? `${summary.upstreamChangesPending}/${summary.total} with upstream changes pending` : `upstream changes pending: ${firstCause() ?? 'an upstream is out of date'}`;
  return summary.status === 'fresh' && summary.partitionsDefinitionId === null ? pending : `${text}; ${pending}`;
}

function describeStatus(summary: Summary, firstCause: () => string | undefined): string {
  const { counts, total } = summary;
  const partitioned = summary.partitionsDefinitionId !== null;
  const parts: string[] = [];
  if (partitioned) {
    for (const status of ['failed', 'in_progress', 'stale', 'missing', 'fresh'] as const) {
      if (counts[status] > 0) parts.push(`${counts[status]}/${total} ${status.replace('_', ' ')}${status === 'fresh' ? '' : ` (${formatRanges(summary.ranges[status], 2)})`}`);
    }
  }
  const head = partitioned ? parts.join(', ') : '';
  if (summary.status === 'stale') {
    const cause = firstCause();
    return [head, cause].filter(Boolean).join('; ');
  }
  if (!partitioned) {
    if (summary.status === 'missing') return 'never materialized';
    if (summary.status === 'failed') return 'the latest attempt failed';
    if (summary.status === 'in_progress') return 'a run is materializing it';
    return 'up to date';
  }
  return head;
}
