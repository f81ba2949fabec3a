/**
 * What Baton needs of an output schema: a zod (v4) schema. Declared structurally so core stays
 * free of a runtime zod import; any `z.ZodType` fits.
 */
export interface OutputSchema<TOutput = unknown> {
  safeParse(value: unknown): { success: true; data: TOutput } | { success: false; error: { issues: readonly OutputIssueLike[] } };
  readonly _zod: { readonly def: { readonly type: string; readonly element?: unknown; readonly checks?: readonly unknown[] } };
}

/** The parts of a zod issue the validation report reads. */
export interface OutputIssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** True for a value usable as an output schema (a zod schema). */
export function isOutputSchema(value: unknown): value is OutputSchema {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { safeParse?: unknown; _zod?: { def?: unknown } };
  return typeof v.safeParse === 'function' && typeof v._zod === 'object' && v._zod !== null && typeof v._zod.def === 'object';
}
