export { RunPolicyPicker, toPolicyInput } from './RunPolicyPicker';
export type { PolicyKind, RunPolicyChoice } from './RunPolicyPicker';
