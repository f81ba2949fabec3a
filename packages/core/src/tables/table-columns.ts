import { BatonError } from '../errors/baton-error';
import type { OutputSchema } from '../quality/output-schema';

/** The column types a table IO manager stores, in engine-neutral words (each engine maps them to its own types). */
export type ColumnType = 'text' | 'numeric' | 'integer' | 'boolean' | 'timestamptz' | 'jsonb';

/** One column of an asset's table. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
}

interface ZodLike {
  readonly _zod: { readonly def: ZodDef };
}
interface ZodDef {
  readonly type: string;
  readonly format?: string;
  readonly element?: ZodLike;
  readonly shape?: Readonly<Record<string, ZodLike>>;
  readonly innerType?: ZodLike;
  readonly in?: ZodLike;
  readonly out?: ZodLike;
  readonly options?: readonly ZodLike[];
  readonly values?: readonly unknown[];
  readonly entries?: Readonly<Record<string, unknown>>;
  readonly checks?: readonly { readonly _zod?: { readonly def?: { readonly check?: string; readonly format?: string } } }[];
}

const INTEGER_FORMATS = new Set(['safeint', 'int32', 'uint32', 'int64', 'uint64']);

/** The column type of one field schema, and whether it admits null/undefined. */
function columnOf(schema: ZodLike, where: string): { type: ColumnType; nullable: boolean } {
  const def = schema._zod.def;
  switch (def.type) {
    case 'nullable':
    case 'optional':
      return { ...columnOf(def.innerType!, where), nullable: true };
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return columnOf(def.innerType!, where);
    case 'pipe':
      return columnOf(def.out!, where);
    case 'string':
    case 'enum':
    case 'uuid':
      return { type: 'text', nullable: false };
    case 'literal': {
      const v = def.values?.[0];
      return { type: typeof v === 'number' ? 'numeric' : typeof v === 'boolean' ? 'boolean' : 'text', nullable: false };
    }
    case 'number': {
      const int = INTEGER_FORMATS.has(def.format ?? '') || (def.checks ?? []).some((c) => c._zod?.def?.check === 'number_format' && INTEGER_FORMATS.has(c._zod.def.format ?? ''));
      return { type: int ? 'integer' : 'numeric', nullable: false };
    }
    case 'boolean':
      return { type: 'boolean', nullable: false };
    case 'date':
      return { type: 'timestamptz', nullable: false };
    case 'object':
    case 'array':
    case 'record':
    case 'tuple':
    case 'map':
    case 'unknown':
    case 'any':
      return { type: 'jsonb', nullable: def.type === 'unknown' || def.type === 'any' };
    default:
      throw new BatonError('INVALID_DEFINITION', `${where} has a zod type "${def.type}" that no table column type fits`, {
        hint: 'use z.string(), z.number(), z.int(), z.boolean(), z.date(), an object/array (stored as JSON), or .nullable() of those',
        details: { zodType: def.type },
      });
  }
}

/**
 * The table columns of an asset whose output schema is an array of objects: one column per field,
 * typed from the field's schema (`z.string()` → text, `z.number()` → numeric, `z.int()` → integer,
 * `z.boolean()`, `z.date()` → timestamptz, objects and arrays → jsonb), nullable when the field is
 * `.nullable()` or `.optional()`. Returns undefined when the schema is not an array of objects.
 *
 * @example
 * columnsFromOutputSchema(z.array(z.object({ id: z.int(), note: z.string().nullable() }))
 * // [{ name: 'id', type: 'integer', nullable: false }, { name: 'note', type: 'text', nullable: true }]
 */
export function columnsFromOutputSchema(schema: OutputSchema | undefined, assetKey = 'the asset'): ColumnSpec[] | undefined {
  if (!schema) return undefined;
  let def = (schema as unknown as ZodLike)._zod.def;
  while (def.type === 'readonly' || def.type === 'default' || def.type === 'prefault') def = def.innerType!._zod.def;
  if (def.type !== 'array' || !def.element) return undefined;
  let row = def.element._zod.def;
  while (row.type === 'readonly') row = row.innerType!._zod.def;
  if (row.type !== 'object' || !row.shape) return undefined;
  return Object.entries(row.shape).map(([name, field]) => ({ name, ...columnOf(field, `Field "${name}" of ${assetKey}'s output schema`) }));
}

/** The column type a JS value would need; undefined for null/undefined (no information). */
function typeOfValue(value: unknown): ColumnType | undefined {
  if (value === null || value === undefined) return undefined;
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'numeric';
    case 'bigint':
      return 'integer';
    case 'boolean':
      return 'boolean';
    default:
      return value instanceof Date ? 'timestamptz' : 'jsonb';
  }
}

/**
 * Columns inferred from the rows themselves, for assets without an output schema: every field seen,
 * in first-seen order, all nullable (a field missing from a row is null). A field whose values have
 * different types becomes jsonb; one that is always null, text.
 *
 * @example
 * inferColumns([{ id: 1, at: new Date() }, { id: 2, note: 'x' }])
 * // id numeric, at timestamptz, note text — all nullable
 */
export function inferColumns(rows: readonly Readonly<Record<string, unknown>>[]): ColumnSpec[] {
  const types = new Map<string, ColumnType | undefined>();
  for (const row of rows) {
    for (const name in row) {
      const t = typeOfValue(row[name]);
      if (!types.has(name)) types.set(name, t);
      else if (t !== undefined) {
        const seen = types.get(name);
        if (seen === undefined) types.set(name, t);
        else if (seen !== t) types.set(name, 'jsonb');
      }
    }
  }
  return [...types].map(([name, type]) => ({ name, type: type ?? 'text', nullable: true }));
}

/**
 * The rows of a value an IO manager stores as a table: the value itself when it is an array of
 * plain objects; otherwise a BatonError naming the asset and what it returned.
 *
 * @example
 * const rows = tableRows('raw/orders', value);
 */
export function tableRows(assetKey: string, value: unknown): readonly Readonly<Record<string, unknown>>[] {
  const what = Array.isArray(value) ? undefined : value === null ? 'null' : typeof value;
  if (what) {
    throw new BatonError('INPUT_INVALID', `Asset "${assetKey}" returned ${what}; a table IO manager stores an array of row objects`, {
      hint: 'return rows such as [{ id: 1, name: "Ada" }], or give the asset another ioManager',
      details: { assetKey },
    });
  }
  const rows = value as unknown[];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (typeof r !== 'object' || r === null || Array.isArray(r) || r instanceof Date) {
      throw new BatonError('INPUT_INVALID', `Asset "${assetKey}" row ${i} is ${Array.isArray(r) ? 'an array' : r === null ? 'null' : typeof r}; a table IO manager stores row objects`, {
        hint: 'return an array of objects, one per row',
        details: { assetKey, row: i },
      });
    }
  }
  return rows as Readonly<Record<string, unknown>>[];
}

/** The columns of an asset's table: from its output schema when it has one, else inferred from the rows. */
export function tableColumns(assetKey: string, schema: OutputSchema | undefined, rows: readonly Readonly<Record<string, unknown>>[]): ColumnSpec[] {
  return columnsFromOutputSchema(schema, `asset "${assetKey}"`) ?? inferColumns(rows);
}
