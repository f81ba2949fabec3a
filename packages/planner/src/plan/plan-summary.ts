import { deepFreeze } from '@baton/core';
import { isKind } from './step-plan';

/** The asset partitions a plan materializes for one asset, as inclusive key ranges. */
export interface AssetPartitionsNode {
  readonly kind: 'AssetPartitionsNode';
  readonly assetKey: string;
  readonly partitionsDefinitionId: string | null;
  /** Number of partitions (1 for an unpartitioned asset). */
  readonly count: number;
  /** Inclusive `[first, last]` key ranges in key order (empty for an unpartitioned asset). */
  readonly ranges: readonly (readonly [string, string])[];
  /** The query of a SQL asset as `sqlText` prints it (upstreams as `{{key}}`); absent for other assets. */
  readonly sql?: string;
}

export const AssetPartitionsNode = {
  /** @example AssetPartitionsNode.create({ assetKey: 'a', partitionsDefinitionId: null, count: 1, ranges: [] }) */
  create(fields: Omit<AssetPartitionsNode, 'kind'>): AssetPartitionsNode {
    return deepFreeze({ kind: 'AssetPartitionsNode', ...fields });
  },
  /** @example AssetPartitionsNode.is(node) */
  is(node: unknown): node is AssetPartitionsNode {
    return isKind(node, 'AssetPartitionsNode');
  },
};

/** Counts of a plan, for previews. */
export interface PlanSummary {
  readonly kind: 'PlanSummary';
  readonly runCount: number;
  readonly stepCount: number;
  readonly assetCount: number;
  /** Sum over assets of the partitions materialized (unpartitioned assets count 1). */
  readonly assetPartitionCount: number;
  readonly assets: readonly AssetPartitionsNode[];
}

export const PlanSummary = {
  /** @example PlanSummary.create({ runCount: 0, stepCount: 0, assetCount: 0, assetPartitionCount: 0, assets: [] }) */
  create(fields: Omit<PlanSummary, 'kind'>): PlanSummary {
    return deepFreeze({ kind: 'PlanSummary', ...fields });
  },
  /** @example PlanSummary.is(node) */
  is(node: unknown): node is PlanSummary {
    return isKind(node, 'PlanSummary');
  },
};
