import { fileURLToPath } from 'node:url';
import { demandForecast } from './src/definitions';

// `baton dev` and `baton materialize` load the default export of this file.
// Set DEMAND_FORECAST_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to publish the cleaned
// sales to PostgreSQL as well (schema "warehouse"); without it the project needs no database.
const url = process.env.DEMAND_FORECAST_POSTGRES_URL;
export default demandForecast({ dataDir: fileURLToPath(new URL('./.baton', import.meta.url)), ...(url ? { warehouse: { connectionString: url } } : {}) });
