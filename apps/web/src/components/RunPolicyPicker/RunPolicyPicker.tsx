import { Segmented } from '../Segmented';

export type PolicyKind = 'PER_PARTITION' | 'BATCH' | 'SINGLE';
export interface RunPolicyChoice {
  readonly kind: PolicyKind;
  readonly size: number;
}

const POLICIES: readonly (readonly [PolicyKind, string])[] = [['PER_PARTITION', 'One run per partition'], ['BATCH', 'Batches'], ['SINGLE', 'One run']];

/** The GraphQL RunPolicyInput of a choice. */
export function toPolicyInput(choice: RunPolicyChoice): { kind: PolicyKind; size?: number } {
  return choice.kind === 'BATCH' ? { kind: 'BATCH', size: choice.size } : { kind: choice.kind };
}

/**
 * How partitions are grouped into runs: one per partition, batches of N, or one run.
 *
 * @example
 * <RunPolicyPicker value={policy} onChange={setPolicy} />
 */
export function RunPolicyPicker({ value, onChange }: { value: RunPolicyChoice; onChange: (v: RunPolicyChoice) => void }) {
  return (
    <div className="row">
      <Segmented name="Run policy" options={POLICIES} value={value.kind} onChange={(kind) => onChange({ ...value, kind })} />
      {value.kind === 'BATCH' ? (
        <input type="number" min={1} className="input" style={{ width: 90 }} value={value.size} onChange={(e) => onChange({ ...value, size: Math.max(1, Number(e.target.value) || 1) })} aria-label="Partitions per run" />
      ) : null}
    </div>
  );
}
