// Public surface of SQL assets: the `sql` tag, `sqlAsset`, and how an engine renders a query.
export { sql } from './sql';
export type { SqlQuery, SqlPart, SqlRelation, SqlParameter, SqlInterpolation } from './sql';
export { sqlAsset } from './sql-asset';
export type { SqlAssetOptions, SqlRow } from './sql-asset';
export { renderSql, normalizeSql, sqlText } from './render-sql';
export type { SqlDialect, RenderedSql } from './render-sql';
