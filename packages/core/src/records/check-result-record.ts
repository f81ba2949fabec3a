/** A stored outcome of one asset check on one partition (projected from a CHECK_RESULT event). */
export interface CheckResultRecord {
  /** Storage id: the seq of the CHECK_RESULT event (ids grow over time). */
  readonly id: string;
  readonly assetKey: string;
  /** null for unpartitioned assets. */
  readonly partitionKey: string | null;
  readonly checkName: string;
  /** The run that evaluated it; null when checks ran alone. */
  readonly runId: string | null;
  /** Epoch ms. */
  readonly timestamp: number;
  readonly passed: boolean;
  readonly severity: 'warn' | 'error';
  readonly blocking: boolean;
  readonly metadata: Readonly<Record<string, unknown>>;
}
