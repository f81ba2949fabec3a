import type { GlobalOptions } from '../cli/global-options';
import { formatMetadata } from '../format/format-metadata';
import { formatTable } from '../format/format-table';
import { print, printJson } from '../format/print';
import { openProject } from '../project/open-project';
import { projectActions } from '../project/project-actions';

export interface CheckOptions {
  readonly select?: string;
  readonly partition?: string;
}

/**
 * `baton check`: runs the checks of the selected assets (all assets with checks by default) on
 * their stored values — the latest materialization of each partition, or of `--partition` — stores
 * the results and prints one row per check and partition. Exit 0 only if no error-severity check
 * failed (1 otherwise; 2 for bad input).
 *
 * @example
 * await checkCommand({}, { select: 'raw/orders', partition: '2024-01-02' }); // 0 or 1
 */
export async function checkCommand(globals: GlobalOptions, options: CheckOptions): Promise<number> {
  const project = await openProject(globals);
  try {
    const { runChecks } = await import('@baton/actions');
    const result = await runChecks(projectActions(project), { select: options.select, partition: options.partition });
    const passed = result.outcomes.filter((o) => o.passed).length;
    const failedErrors = result.outcomes.filter((o) => !o.passed && o.severity === 'error').length;
    const failedWarns = result.outcomes.length - passed - failedErrors;
    if (globals.json) {
      printJson({ ok: !result.failed, passed, failed: failedErrors + failedWarns, failedErrors, outcomes: result.outcomes, notMaterialized: result.notMaterialized });
    } else {
      if (result.outcomes.length > 0) {
        print(
          formatTable(
            ['asset', 'partition', 'check', 'severity', 'result', 'metadata'],
            result.outcomes.map((o) => [o.assetKey, o.partitionKey ?? '—', o.checkName, o.severity, o.passed ? 'passed' : 'FAILED', formatMetadata(o.metadata)]),
          ),
        );
        print();
      }
      for (const m of result.notMaterialized) print(`not checked: ${m.assetKey}${m.partitionKey === null ? '' : `[${m.partitionKey}]`} has no stored value (materialize it first)`);
      if (result.outcomes.length === 0) print('Nothing to check: no selected asset has a stored value yet.');
      else print(`${result.failed ? 'Failed' : 'Passed'}: ${passed} check(s) passed, ${failedErrors} failed with severity error, ${failedWarns} with severity warn`);
    }
    return result.failed ? 1 : 0;
  } finally {
    await project.close();
  }
}
