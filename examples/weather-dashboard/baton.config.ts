import { fileURLToPath } from 'node:url';
import { weatherDashboard } from './src/definitions';

// `baton dev` and `baton materialize` load the default export of this file.
export default weatherDashboard({ dataDir: fileURLToPath(new URL('./.baton', import.meta.url)) });
