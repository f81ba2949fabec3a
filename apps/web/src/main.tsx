import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { prefetchRoute } from './App/prefetch-route';
import { createQueryClient } from './api/query-client';
import { parseRoute } from './router';
// React Flow's structural CSS first, then Baton's look on top.
import '@xyflow/react/dist/base.css';
import './styles.css';

const client = createQueryClient();
prefetchRoute(client, parseRoute(location.pathname));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
