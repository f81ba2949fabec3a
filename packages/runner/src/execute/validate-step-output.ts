import { validateOutput, type AssetDefinition } from '@baton/core';

/**
 * Validates one asset partition's value against the asset's output schema (when it has one).
 * Returns undefined when the value may be written, or the readable report when it must not.
 *
 * @example
 * const report = outputSchemaReport(def, '2024-01-01', rows);
 * if (report) return { ok: false, error: report, retryable: false };
 */
export function outputSchemaReport(def: AssetDefinition, partitionKey: string | null, value: unknown): string | undefined {
  if (!def.outputSchema) return undefined;
  const where = `Asset "${def.key}"${partitionKey !== null ? ` partition "${partitionKey}"` : ''}`;
  const result = validateOutput(def.outputSchema, value, { label: where });
  if (result.ok) return undefined;
  return `${result.report}\nNothing was written for this ${partitionKey !== null ? 'partition' : 'asset'}; fix the function or the output schema.`;
}
