import type { PartitionsDefinition } from './partitions-definition';

/**
 * A short human description of a partitions definition for error messages,
 * e.g. `daily partitions (cron "0 0 * * *", UTC, from 2024-01-01)`.
 *
 * @example
 * describePartitions(staticPartitions(['eu', 'us'])); // 'static partitions ["eu", "us"]'
 */
export function describePartitions(definition: PartitionsDefinition): string {
  const spec = definition.toJSON() as Record<string, unknown>;
  switch (definition.kind) {
    case 'unpartitioned':
      return 'unpartitioned';
    case 'static': {
      const keys = (spec.keys as string[] | undefined) ?? [];
      const shown = keys.slice(0, 5).map((k) => JSON.stringify(k)).join(', ');
      return `static partitions [${shown}${keys.length > 5 ? `, … (${keys.length} keys)` : ''}]`;
    }
    case 'dynamic':
      return `dynamic partitions "${String(spec.name)}"`;
    case 'time-window':
      return `time-window partitions (cron "${String(spec.cron)}", ${String(spec.timezone)}, from ${String(spec.start)}${spec.end ? ` to ${String(spec.end)}` : ''})`;
    case 'multi': {
      const dims = (spec.dimensions as { name: string }[] | undefined) ?? [];
      return `multi partitions (${dims.map((d) => d.name).join(' × ')})`;
    }
  }
}
