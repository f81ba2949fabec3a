import { rowValidator, tapRowStream, validateOutput, type AssetDefinition, type RowStream } from '@baton/core';

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
  const result = validateOutput(def.outputSchema, value, { label: labelOf(def, partitionKey) });
  if (result.ok) return undefined;
  return `${result.report}\n${nothingWritten(partitionKey)}`;
}

const labelOf = (def: AssetDefinition, partitionKey: string | null) => `Asset "${def.key}"${partitionKey !== null ? ` partition "${partitionKey}"` : ''}`;
const nothingWritten = (partitionKey: string | null) => `Nothing was written for this ${partitionKey !== null ? 'partition' : 'asset'}; fix the function or the output schema.`;

/** A row stream on its way to the IO manager, validated row by row; `invalid()` is the report once a row failed. */
export interface ValidatedStepStream {
  readonly rows: RowStream<unknown>;
  invalid(): string | undefined;
}

/**
 * Wraps one partition's row stream so that each row is validated against the asset's output schema
 * as the IO manager reads it. The first invalid row ends the stream with an error (the IO manager's
 * write fails and rolls back) and `invalid()` then returns the report, worded as `outputSchemaReport`'s.
 *
 * @example
 * const stream = validatedStepStream(def, '2024-01-01', rows());
 * try { await io.handleOutput(ctx, stream.rows); } catch (e) { if (stream.invalid()) ... }
 */
export function validatedStepStream(def: AssetDefinition, partitionKey: string | null, stream: RowStream<unknown>): ValidatedStepStream {
  let report: string | undefined;
  const check = def.outputSchema ? rowValidator(def.outputSchema, labelOf(def, partitionKey)) : undefined;
  const rows = check
    ? tapRowStream(stream, (row, index) => {
        try {
          check(row, index);
        } catch (error) {
          report = `${(error as Error).message}\n${nothingWritten(partitionKey)}`;
          throw error;
        }
      })
    : stream;
  return { rows, invalid: () => report };
}
