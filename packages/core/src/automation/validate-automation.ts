import { BatonError } from '../errors/baton-error';
import type { AssetGraph } from '../graph/asset-graph';
import { didYouMean } from '../internal/did-you-mean';
import { resolveSelection } from '../selection/resolve-selection';
import type { ScheduleDefinition } from './schedule';
import type { SensorDefinition } from './sensor';

function unknownKey(owner: string, key: string, graph: AssetGraph, cause?: unknown): BatonError {
  const guess = didYouMean(key, graph.keys);
  return new BatonError('UNKNOWN_ASSET_KEY', `${owner} targets asset "${key}", which is not defined`, {
    hint: guess ? `did you mean "${guess}"?` : 'check the key against the assets passed to definitions()',
    details: { assetKey: key, suggestion: guess },
    cause,
  });
}

function checkSelection(owner: string, selection: string, graph: AssetGraph): void {
  try {
    resolveSelection(selection, graph);
  } catch (error) {
    const key = BatonError.is(error, 'ASSET_NOT_FOUND') ? (error.details.assetKey as string | undefined) : undefined;
    if (key !== undefined) throw unknownKey(owner, key, graph, error);
    const cause = BatonError.from(error);
    throw new BatonError(cause.code, `${owner}: target "${selection}" is invalid: ${cause.message}`, { details: cause.details, cause: error });
  }
}

/**
 * Validates schedules and sensors against the asset graph: kinds, unique names (schedules and
 * sensors share one namespace), targets that resolve, watched assets that exist.
 *
 * @example
 * validateAutomation([nightly], [ordersLanded], defs.graph);
 */
export function validateAutomation(schedules: readonly unknown[], sensors: readonly unknown[], graph: AssetGraph): void {
  const names = new Map<string, string>();
  const claim = (name: string, where: string) => {
    const before = names.get(name);
    if (before) {
      throw new BatonError('INVALID_DEFINITION', `Automation name "${name}" is used twice (${before} and ${where})`, {
        hint: 'schedules and sensors share one namespace: rename one of them',
        details: { name },
      });
    }
    names.set(name, where);
  };
  schedules.forEach((item, i) => {
    const s = item as ScheduleDefinition;
    if (s?.kind !== 'ScheduleDefinition') {
      throw new BatonError('INVALID_DEFINITION', `definitions(): schedules[${i}] is not a schedule`, { hint: 'create it with schedule({ name, cron, target })', details: { index: i } });
    }
    claim(s.name, `schedules[${i}]`);
    checkSelection(`schedule "${s.name}"`, s.target, graph);
  });
  sensors.forEach((item, i) => {
    const s = item as SensorDefinition;
    if (s?.kind !== 'SensorDefinition') {
      throw new BatonError('INVALID_DEFINITION', `definitions(): sensors[${i}] is not a sensor`, { hint: 'create it with sensor(), assetSensor() or runStatusSensor()', details: { index: i } });
    }
    claim(s.name, `sensors[${i}]`);
    if (s.type === 'asset') {
      for (const key of s.assets) if (!graph.has(key)) throw unknownKey(`assetSensor "${s.name}"`, key, graph);
      if (s.target !== undefined) checkSelection(`assetSensor "${s.name}"`, s.target, graph);
    }
  });
}
