import { BatonError } from './baton-error';

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Returns `schema` when it is a plain PostgreSQL identifier (it is spliced into SQL), else throws
 * STORAGE_CONFIG_INVALID naming what the schema is for. The one rule for every schema Baton creates:
 * the storage's and a job queue's.
 *
 * @example
 * checkSchemaName('graphile_worker', 'graphile-worker queue') // 'graphile_worker'
 * checkSchemaName('my-schema', 'PostgreSQL storage')          // throws: … is not a plain identifier
 */
export function checkSchemaName(schema: string, what: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new BatonError('STORAGE_CONFIG_INVALID', `The ${what} schema name "${schema}" is not a plain identifier`, {
      hint: 'use letters, digits and underscores (at most 63), starting with a letter or underscore',
      details: { schema },
    });
  }
  return schema;
}
