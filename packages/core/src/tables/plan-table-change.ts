import { BatonError } from '../errors/baton-error';
import type { ColumnSpec, ColumnType } from './table-columns';

/** What must change in a stored table so that rows with the wanted columns fit. */
export interface TableChange {
  /** New columns, all nullable (existing rows get null). */
  readonly add: readonly ColumnSpec[];
  /** Columns that are NOT NULL today and must accept null (the new schema makes them nullable or drops them). */
  readonly dropNotNull: readonly string[];
}

/**
 * Compares the columns a table has with the columns the asset now writes. Compatible changes come
 * back as a `TableChange` (added nullable columns; NOT NULL relaxed); anything else is refused with
 * IO_SCHEMA_INCOMPATIBLE naming the column: a type change, or a new NOT NULL column (existing rows
 * would have no value). `existing` types may be undefined for a column of a type Baton does not write.
 *
 * @example
 * planTableChange('public.orders', existing, wanted) // { add: [{ name: 'note', type: 'text', nullable: true }], dropNotNull: [] }
 */
export function planTableChange(
  table: string,
  existing: readonly { readonly name: string; readonly type: ColumnType | undefined; readonly nullable: boolean; readonly engineType: string }[],
  wanted: readonly ColumnSpec[],
): TableChange {
  const byName = new Map(existing.map((c) => [c.name, c]));
  const add: ColumnSpec[] = [];
  const dropNotNull: string[] = [];
  for (const w of wanted) {
    const e = byName.get(w.name);
    if (!e) {
      if (!w.nullable) {
        throw new BatonError('IO_SCHEMA_INCOMPATIBLE', `Table ${table} has no column "${w.name}", and the asset now writes it as NOT NULL ${w.type}: rows already stored would have no value`, {
          hint: `make "${w.name}" nullable in the output schema (.nullable()), or drop the table ${table} so that it is created afresh`,
          details: { table, column: w.name, type: w.type },
        });
      }
      add.push(w);
      continue;
    }
    if (e.type !== w.type) {
      throw new BatonError('IO_SCHEMA_INCOMPATIBLE', `Column "${w.name}" of table ${table} is ${e.engineType}, but the asset now writes ${w.type}`, {
        hint: `changing a column's type is not migrated automatically: rename the field, or migrate or drop ${table} yourself`,
        details: { table, column: w.name, storedType: e.engineType, newType: w.type },
      });
    }
    if (w.nullable && !e.nullable) dropNotNull.push(w.name);
  }
  const names = new Set(wanted.map((w) => w.name));
  for (const e of existing) if (!names.has(e.name) && !e.nullable) dropNotNull.push(e.name);
  return { add, dropNotNull };
}
