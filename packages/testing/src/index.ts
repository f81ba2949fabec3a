/**
 * @baton/testing — unit-test assets: `materializeToMemory` plans and runs a selection the way
 * `baton materialize` does, with in-memory storage and IO, and returns the values and events.
 * Imports @baton/core, planner, runner and storage (a composition root, like apps/server).
 */
export { materializeToMemory } from './materialize-to-memory';
export type { MaterializeToMemoryOptions, MemoryMaterializeResult, MemoryFailure } from './materialize-to-memory';
