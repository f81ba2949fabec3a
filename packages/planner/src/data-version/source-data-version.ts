import type { MaterializationRecord, ObservationRecord } from '@baton/core';

/** The data version a source partition has now, and the materialization it comes from (null: an observation). */
export interface SourceDataVersion {
  readonly dataVersion: string;
  readonly materializationId: string | null;
}

/**
 * The current data version of a source asset partition: its latest observation, or a materialization
 * reported for it (`reportMaterialization`) when that is newer. Both ids are storage event sequence
 * numbers, so the larger one is the later event. undefined when the source was never observed or reported.
 * The runner records this in provenance; staleness compares provenance with it.
 *
 * @example
 * sourceDataVersion(observation, undefined) // { dataVersion: observation.dataVersion, materializationId: null }
 */
export function sourceDataVersion(observation: ObservationRecord | undefined, materialization: MaterializationRecord | undefined): SourceDataVersion | undefined {
  if (materialization && (!observation || Number(materialization.id) > Number(observation.id))) {
    return { dataVersion: materialization.dataVersion, materializationId: materialization.id };
  }
  return observation ? { dataVersion: observation.dataVersion, materializationId: null } : undefined;
}
