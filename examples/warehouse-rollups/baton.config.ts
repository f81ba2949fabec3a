import { warehouseRollups } from './src/definitions';

// `baton dev` and `baton materialize` load the default export of this file.
// The warehouse goes to ./.baton/warehouse/ as Parquet files, one per partition (DuckDB, in-process).
export default warehouseRollups();
