/**
 * @baton/planner — definitions + a snapshot of stored state → staleness with causes and frozen,
 * serialisable plans. No I/O. Imports @baton/core only.
 */

// plan nodes
export * from './plan/index';

// data versions
export { deriveDataVersion } from './data-version/derive-data-version';
export type { InputDataVersion } from './data-version/derive-data-version';
