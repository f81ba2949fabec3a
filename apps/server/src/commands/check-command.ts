import { BatonError, type AssetDefinition, type PartitionContext } from '@baton/core';
import type { GlobalOptions } from '../cli/global-options';
import { formatMetadata } from '../format/format-metadata';
import { formatTable } from '../format/format-table';
import { print, printJson } from '../format/print';
import { openProject } from '../project/open-project';

export interface CheckOptions {
  readonly select?: string;
  readonly partition?: string;
}

const isPartitioned = (a: AssetDefinition) => a.partitions !== undefined && a.partitions.kind !== 'unpartitioned';

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
    const defs = project.definitions;
    const withChecks = new Set(defs.checks.map((c) => c.assetKey));
    const { selectAssetKeys } = await import('@baton/planner');
    const keys = selectAssetKeys(defs, options.select).filter((k) => withChecks.has(k));
    if (keys.length === 0) {
      throw new BatonError('SELECTION_EMPTY', options.select === undefined ? 'No asset has checks' : `No checks are defined on the assets of selection "${options.select}"`, {
        hint: withChecks.size > 0 ? `assets with checks: ${[...withChecks].slice(0, 5).join(', ')}` : 'declare checks with check({ name, asset, severity, fn }) in definitions({ checks })',
        details: { selection: options.select ?? null },
      });
    }
    if (options.partition !== undefined) {
      const partitioned = keys.map((k) => defs.get(k)).filter(isPartitioned);
      if (partitioned.length === 0) {
        throw new BatonError('PARTITION_KEY_INVALID', `--partition "${options.partition}" does not apply: none of the selected assets with checks is partitioned`, {
          hint: 'omit --partition',
          details: { partitionKey: options.partition },
        });
      }
      const dynamic = new Map<string, readonly string[]>();
      for (const a of partitioned) {
        if (a.partitions!.kind !== 'dynamic') continue;
        const name = String(a.partitions!.toJSON().name);
        if (!dynamic.has(name)) dynamic.set(name, await project.storage.getDynamicPartitions(name));
      }
      const ctx: PartitionContext = { now: Date.now(), dynamicKeys: (name) => dynamic.get(name) ?? [] };
      for (const a of partitioned) a.partitions!.validateKey(options.partition, ctx);
    }
    const { runChecks } = await import('@baton/runner');
    const result = await runChecks({
      definitions: defs,
      storage: project.storage,
      ioManagers: project.ioManagers,
      selection: keys,
      ...(options.partition !== undefined ? { partitions: [options.partition] } : {}),
    });
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
