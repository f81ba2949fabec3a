import { fileURLToPath } from 'node:url';
import { demandForecast } from './src/definitions';

// `baton dev` and `baton materialize` load the default export of this file.
export default demandForecast({ dataDir: fileURLToPath(new URL('./.baton', import.meta.url)) });
