import type { GlobalOptions } from '../cli/global-options';
import { print, printJson } from '../format/print';
import { openProject } from '../project/open-project';
import { projectActions } from '../project/project-actions';

export interface ReportOptions {
  readonly partition?: string;
  readonly dataVersion?: string;
  /** JSON object of metadata. */
  readonly metadata?: string;
}

/**
 * `baton report <asset> [--partition] [--data-version] [--metadata]`: records a materialization made
 * outside Baton. Without `--data-version` it gets a new unique version, so downstream turns stale.
 *
 * @example
 * await reportCommand({}, 'warehouse/orders', { partition: '2024-01-01', dataVersion: 'load-7731' });
 */
export async function reportCommand(globals: GlobalOptions, assetKey: string, options: ReportOptions): Promise<number> {
  const { BatonError } = await import('@baton/core');
  let metadata: Record<string, unknown> | undefined;
  if (options.metadata !== undefined) {
    try {
      metadata = JSON.parse(options.metadata) as Record<string, unknown>;
    } catch (error) {
      throw new BatonError('INPUT_INVALID', `--metadata is not JSON: ${(error as Error).message}`, { hint: `pass an object, e.g. --metadata '{"rows": 120}'` });
    }
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      throw new BatonError('INPUT_INVALID', '--metadata must be a JSON object', { hint: `e.g. --metadata '{"rows": 120}'` });
    }
  }
  const project = await openProject(globals);
  try {
    const { report } = await import('@baton/actions');
    const record = await report(projectActions(project), { assetKey, partition: options.partition, dataVersion: options.dataVersion, metadata });
    if (globals.json) printJson(record);
    else print(`reported ${assetKey}${record.partitionKey === null ? '' : ` [${record.partitionKey}]`}: data version ${record.dataVersion} (materialization ${record.id})`);
    return 0;
  } finally {
    await project.close();
  }
}
