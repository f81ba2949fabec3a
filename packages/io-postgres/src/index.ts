/**
 * @baton/io-postgres — an IO manager storing assets as typed PostgreSQL tables, and running SQL assets in PostgreSQL.
 */
export { postgresIOManager } from './postgres-io-manager';
export type { PostgresIOManager, PostgresIOManagerOptions } from './postgres-io-manager';
