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
    case 'time-window': {
      const cadence = CADENCES[String(spec.cron)];
      const from = `from ${String(spec.start)}${spec.end ? ` to ${String(spec.end)}` : ''}`;
      return cadence
        ? `${cadence.toLowerCase()} partitions (${String(spec.timezone)}, ${from})`
        : `time-window partitions (cron "${String(spec.cron)}", ${String(spec.timezone)}, ${from})`;
    }
    case 'multi': {
      const dims = (spec.dimensions as { name: string }[] | undefined) ?? [];
      return `multi partitions (${dims.map((d) => d.name).join(' × ')})`;
    }
  }
}

/** Names people use for the usual partition crons. */
const CADENCES: Readonly<Record<string, string>> = {
  '0 * * * *': 'Hourly',
  '0 0 * * *': 'Daily',
  '0 0 * * 0': 'Weekly',
  '0 0 * * 1': 'Weekly (Mondays)',
  '0 0 1 * *': 'Monthly',
  '0 0 1 1 *': 'Yearly',
};

/**
 * The name people give a partitioning, for titles: `Hourly (UTC)`, `Daily (Europe/Berlin)`,
 * `Static: eu, us`, `Multi: day × region`; other crons keep their cron text.
 *
 * @example
 * partitionsLabel(dailyPartitions({ start: '2024-01-01', timezone: 'Europe/Berlin' })); // 'Daily (Europe/Berlin)'
 */
export function partitionsLabel(definition: PartitionsDefinition): string {
  const spec = definition.toJSON() as Record<string, unknown>;
  switch (definition.kind) {
    case 'unpartitioned':
      return 'Unpartitioned';
    case 'static': {
      const keys = (spec.keys as string[] | undefined) ?? [];
      return `Static: ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? `, … (${keys.length})` : ''}`;
    }
    case 'dynamic':
      return `Dynamic: ${String(spec.name)}`;
    case 'time-window':
      return `${CADENCES[String(spec.cron)] ?? `Cron "${String(spec.cron)}"`} (${String(spec.timezone)})`;
    case 'multi': {
      const dims = (spec.dimensions as { name: string }[] | undefined) ?? [];
      return `Multi: ${dims.map((d) => d.name).join(' × ')}`;
    }
  }
}
