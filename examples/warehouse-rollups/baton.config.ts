import { warehouseRollups } from './src/definitions';

// `baton dev` and `baton materialize` load the default export of this file.
// The warehouse tables go to ./.baton/warehouse.sqlite (open it with any SQLite client).
export default warehouseRollups();
