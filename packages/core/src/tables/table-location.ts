import { BatonError } from '../errors/baton-error';
import type { IOContext } from '../ports/io-manager';

/** Where a table IO manager keeps an asset: a schema (namespace) and a table name. */
export interface TableLocation {
  readonly schema: string;
  readonly table: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The schema and table of an asset: the asset's metadata `schema` / `table` when set, else the
 * `schema` option (a name, or a function of the context), else the asset's group; the table is the
 * key with every character other than letters, digits and `_` replaced by `_` (`raw/orders` → `raw_orders`).
 *
 * @example
 * tableLocation({ assetKey: 'raw/orders', group: 'ingest', metadata: {} }) // { schema: 'ingest', table: 'raw_orders' }
 */
export function tableLocation(
  ctx: Pick<IOContext, 'assetKey' | 'metadata' | 'group'>,
  schema?: string | ((ctx: Pick<IOContext, 'assetKey' | 'metadata' | 'group'>) => string),
): TableLocation {
  const fromMeta = (field: 'schema' | 'table') => {
    const v = ctx.metadata[field];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !NAME.test(v)) {
      throw new BatonError('INVALID_DEFINITION', `Asset "${ctx.assetKey}": metadata.${field} ${JSON.stringify(v)} is not a plain SQL name`, {
        hint: 'use letters, digits and "_", starting with a letter or "_"',
        details: { assetKey: ctx.assetKey, [field]: v },
      });
    }
    return v;
  };
  const s = fromMeta('schema') ?? (typeof schema === 'function' ? schema(ctx) : schema) ?? ctx.group ?? 'default';
  const table = fromMeta('table') ?? ctx.assetKey.replace(/[^A-Za-z0-9_]/g, '_');
  return { schema: s.replace(/[^A-Za-z0-9_]/g, '_'), table };
}
