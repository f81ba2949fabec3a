import { BatonError } from '../errors/baton-error';
import { tapRowStream, type RowStream } from '../tables/row-stream';
import type { OutputSchema } from './output-schema';
import { preview, rowIssues } from './validate-output';

/**
 * A function that validates one row (with its index in the stream) against the element schema of an
 * array output schema, throwing `INPUT_INVALID` with the index, the failing paths and a preview.
 * Undefined when the schema is not an array (rows are then not checked one by one).
 *
 * @example
 * const check = rowValidator(z.array(Row), 'Asset "raw/orders"');
 * check?.({ id: 'x' }, 0); // throws: … failed validation at streamed row 0: id: Invalid input …
 */
export function rowValidator(schema: OutputSchema, label?: string): ((row: unknown, index: number) => void) | undefined {
  const def = schema._zod.def;
  const element = def.type === 'array' ? (def.element as OutputSchema | undefined) : undefined;
  if (!element) return undefined;
  const what = label ? `${label}: output` : 'Output';
  return (row, index) => {
    const r = element.safeParse(row);
    if (r.success) return;
    const issues = rowIssues(index, r.error.issues).map((v) => `${v.path || '(row)'}: ${v.message}`).join('; ');
    throw new BatonError('INPUT_INVALID', `${what} failed validation at streamed row ${index}: ${issues}  (row: ${preview(row)})`, { details: { row: index } });
  };
}

/**
 * Passes a row stream through, validating each row against the element schema of an array output
 * schema as it goes by (sync streams stay sync). The first invalid row throws `INPUT_INVALID`, so the
 * IO manager's write fails and rolls back. Array-level checks (min/max length) need the whole array
 * and are not applied to streams.
 *
 * @example
 * await io.handleOutput(ctx, validatedRowStream(def.outputSchema, stream, { label: 'Asset "raw/orders"' }));
 */
export function validatedRowStream<T>(schema: OutputSchema, stream: RowStream<T>, options: { readonly label?: string } = {}): RowStream<T> {
  const check = rowValidator(schema, options.label);
  return check ? tapRowStream(stream, check) : stream;
}
