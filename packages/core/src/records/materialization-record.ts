/** One upstream value a materialization consumed: the basis of partition-level lineage and staleness. */
export interface ProvenanceEntry {
  readonly assetKey: string;
  /** null for unpartitioned upstreams. */
  readonly partitionKey: string | null;
  /** Storage id of the upstream materialization (null for an observed source with no materialization). */
  readonly materializationId: string | null;
  /** The upstream's data version at the time it was read. */
  readonly dataVersion: string;
}

/** A stored materialization of one asset partition. */
export interface MaterializationRecord {
  /** Storage id (a decimal string; ids grow over time). */
  readonly id: string;
  readonly assetKey: string;
  /** null for unpartitioned assets. */
  readonly partitionKey: string | null;
  /** The run that built it; empty ("") for a materialization reported from elsewhere (`reportMaterialization`). */
  readonly runId: string;
  readonly stepKey: string | null;
  /** Epoch ms. */
  readonly timestamp: number;
  readonly dataVersion: string;
  readonly codeVersion: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly provenance: readonly ProvenanceEntry[];
}

/** A stored observation of a source asset's data version. */
export interface ObservationRecord {
  readonly id: string;
  readonly assetKey: string;
  readonly partitionKey: string | null;
  readonly runId: string | null;
  readonly timestamp: number;
  readonly dataVersion: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Last known state of one asset partition, compactly stored. */
export type PartitionState = 'materialized' | 'failed' | 'in_progress';
