import type { Plan } from '@baton/planner';
import { formatDuration } from './format-duration';
import { formatPartitionTarget, formatRanges } from './format-partitions';
import { formatTable } from './format-table';

/**
 * A plan preview in plain text: runs, partitions per asset, the estimated duration, the plan's
 * warnings (clamped ranges, steps that will fail on missing inputs, batching advice), and (with
 * `steps`) each run's steps with the reason they are in the plan, and "may be skipped" for a step
 * the runner skips when its inputs' data versions come out unchanged; then the query of each SQL asset
 * in the plan (from its summary).
 *
 * @example
 * console.log(describePlan(plan, { steps: true }));
 */
export function describePlan(plan: Plan, options: { steps?: boolean; maxRuns?: number } = {}): string {
  const out: string[] = [];
  const { summary, estimate } = plan;
  out.push(`${summary.runCount} run(s), ${summary.stepCount} step(s), ${summary.assetPartitionCount} asset partition(s) over ${summary.assetCount} asset(s)`);
  if (summary.assets.length > 0) {
    out.push('');
    out.push(
      formatTable(
        ['asset', 'partitions', 'keys'],
        summary.assets.map((a) => [a.assetKey, String(a.count), a.partitionsDefinitionId === null ? '(unpartitioned)' : formatRanges(a.ranges)]),
      ),
    );
  }
  out.push('');
  out.push(
    `Estimated duration: ${formatDuration(estimate.wallClockMs)} (total work ${formatDuration(estimate.totalWorkMs)}, critical path ${formatDuration(estimate.criticalPathMs)}, ${estimate.maxConcurrentRuns} run(s) at once; confidence ${estimate.confidence})`,
  );
  for (const note of estimate.notes) out.push(`  note: ${note}`);
  if (plan.warnings.length > 0) {
    out.push('');
    for (const w of plan.warnings) out.push(`${w.severity === 'error' ? 'error' : w.severity === 'warning' ? 'warning' : 'note'}: ${w.message}${w.hint ? ` (${w.hint})` : ''}`);
  }
  if (options.steps) {
    const max = options.maxRuns ?? 20;
    out.push('');
    for (const run of plan.runs.slice(0, max)) {
      const deps = run.dependsOnRuns.length > 0 ? ` after ${run.dependsOnRuns.join(', ')}` : '';
      out.push(`${run.key} [${formatPartitionTarget(run.partition)}]${deps}`);
      for (const step of run.steps) {
        const skip = step.skipIfInputsUnchanged ? ' (may be skipped: if the upstreams rebuilt before it keep their data versions, its inputs are unchanged)' : '';
        out.push(`  ${step.key}: ${step.reasons[0]?.message ?? ''}${skip}`);
      }
    }
    if (plan.runs.length > max) out.push(`… and ${plan.runs.length - max} more run(s) (use --json for all)`);
  }
  for (const { assetKey, sql } of summary.assets) {
    if (sql) out.push('', `SQL of ${assetKey}:`, ...sql.split('\n').map((l) => `  ${l}`));
  }
  return out.join('\n');
}
